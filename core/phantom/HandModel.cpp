#include "phantom/HandModel.h"

#include <algorithm>
#include <cmath>

#include "phantom/Random.h"

namespace boneage::phantom {

namespace {

// Adult male template in millimetres (hand frame: origin at the distal radius articular surface, x radial,
// y distal). Everything is multiplied by the age/sex/individual size factor.

struct Widths {
    double w0, wMid, w1;  // half-widths: proximal end, mid-shaft, distal end
};

/// One tubular bone of a ray and its epiphysis.
struct BoneTemplate {
    double length;  // joint to joint
    Widths w;
    double cap0, cap1;       // rounded articular end length as a fraction of the end half-width
    double cortex;           // mid-shaft cortical thickness
    double epiphysisHeight;  // adult epiphysis height along the axis
    double roundness;        // the epiphysis dome may rise to roundness * its half-width
};

struct RayTemplate {
    Vec2 mcBase, mcHead;
    double widthFactor;
    BoneTemplate mc, p1, p2, p3;
    double softRadius;  // finger soft-tissue radius at the base
    Physis mcPhysis, p1Physis, p2Physis, p3Physis;
    double spread;  // share of the finger spread (+ ulnar)
};

BoneTemplate metacarpal(double len) {
    return {len, {4.7, 4.0, 5.2}, 0.35, 0.0, 1.6, 7.5, 1.2};
}
BoneTemplate proximal(double len) {
    return {len, {6.0, 4.1, 4.9}, 0.0, 0.45, 1.4, 0.085 * len, 0.8};
}
BoneTemplate middle(double len) {
    return {len, {5.0, 3.5, 4.0}, 0.0, 0.45, 1.1, 0.12 * len, 0.8};
}
BoneTemplate distal(double len) {
    return {len, {4.5, 2.6, 3.4}, 0.0, 0.9, 0.9, 0.16 * len, 0.8};
}

const RayTemplate kRays[4] = {
    {{12, 32},
     {19, 96},
     1.00,
     metacarpal(64.5),
     proximal(40),
     middle(23),
     distal(17),
     8.2,
     Physis::Metacarpal2,
     Physis::Proximal2,
     Physis::Middle2,
     Physis::Distal2,
     -0.6},
    {{2.5, 32},
     {3, 97},
     1.05,
     metacarpal(65),
     proximal(45),
     middle(28),
     distal(19),
     8.6,
     Physis::Metacarpal3,
     Physis::Proximal3,
     Physis::Middle3,
     Physis::Distal3,
     0.0},
    {{-6.5, 31},
     {-13, 88},
     0.96,
     metacarpal(57.3),
     proximal(42),
     middle(27),
     distal(18),
     8.0,
     Physis::Metacarpal4,
     Physis::Proximal4,
     Physis::Middle4,
     Physis::Distal4,
     0.45},
    {{-14.5, 29},
     {-27, 81},
     0.86,
     metacarpal(53.4),
     proximal(33),
     middle(19),
     distal(16),
     7.0,
     Physis::Metacarpal5,
     Physis::Proximal5,
     Physis::Middle5,
     Physis::Distal5,
     1.0},
};

struct CarpalTemplate {
    Vec2 centre;
    double a, b, angleDeg, exponent, egg;
};
// In Carpal order: capitate, hamate, triquetrum, lunate, trapezium, scaphoid, trapezoid, pisiform.
const CarpalTemplate kCarpals[kCarpalCount] = {
    {{1.5, 20.5}, 6.0, 11.0, 4, 2.5, 0.12},    {{-9.5, 20.5}, 6.8, 9.0, -12, 2.6, 0.25},
    {{-12.0, 10.5}, 6.5, 5.0, -30, 2.3, 0.15}, {{0.5, 7.5}, 7.0, 6.3, 0, 2.3, -0.2},
    {{21.0, 21.0}, 7.0, 6.0, 35, 2.6, 0.0},    {{13.0, 9.0}, 11.0, 5.5, 55, 2.2, 0.1},
    {{12.0, 24.0}, 5.2, 5.5, 10, 2.7, 0.1},    {{-13.5, 9.0}, 4.5, 4.8, 0, 2.0, 0.0},
};

constexpr double kMuCortex = 0.14, kMuMarrow = 0.028;

double interpolate(const double (*table)[2], int n, double x) {
    if (x <= table[0][0])
        return table[0][1];
    for (int i = 1; i < n; ++i)
        if (x <= table[i][0]) {
            const double t = (x - table[i - 1][0]) / (table[i][0] - table[i - 1][0]);
            return table[i - 1][1] + t * (table[i][1] - table[i - 1][1]);
        }
    return table[n - 1][1];
}

/// Builds one hand; keeps the running state (scale, maturity, jitter source) in one place.
class Builder {
public:
    Builder(const PhantomSpec& spec, HandGeometry& g)
        : m_g(g), m_rng(spec.seed, 1), m_maturity(maleEquivalentMonths(spec.sex, spec.boneAgeMonths)) {
        m_s = handSizeFactor(spec.sex, spec.boneAgeMonths) * spec.handScale;
        m_density = 0.7 + 0.3 * std::min(1.0, m_maturity / 200.0);
        m_cortexFactor = 0.6 + 0.4 * std::min(1.0, m_maturity / 200.0);
        m_spread = spec.fingerSpreadDeg;
        // Small children's hands are chubby: more soft tissue around slimmer bones.
        m_chubby = 1 + 0.2 * (1 - std::min(1.0, m_maturity / 120.0));
    }

    double jitter(double sd) { return m_rng.gaussian() * sd; }
    Vec2 at(Vec2 templateMm) const { return templateMm * m_s; }

    /// A tubular bone from joint j0 along dir; its epiphysis (if any) proximal or distal. Returns the
    /// position of the distal joint surface.
    Vec2 tube(Vec2 j0, Vec2 dir, const BoneTemplate& t, double widthFactor, Physis physis, bool distalPhysis,
              double gapMm, double tilt, std::uint64_t key, double depthRatio = 1.0) {
        const double s = m_s, ws = m_s * widthFactor;
        const double len = t.length * s;
        const Widths w{t.w.w0 * ws, t.w.wMid * ws, t.w.w1 * ws};
        const double wMeta = distalPhysis ? w.w1 : w.w0;
        const double fullHeight = std::min(t.epiphysisHeight * s, t.roundness * 1.06 * wMeta);
        const double gap = gapMm * s;
        const double slot = fullHeight + gap;

        TubeBone bone;
        bone.p0 = distalPhysis ? j0 : j0 + dir * slot;
        bone.p1 = distalPhysis ? j0 + dir * (len - slot) : j0 + dir * len;
        bone.w0 = w.w0, bone.wMid = w.wMid, bone.w1 = w.w1;
        const double shaft = length(bone.p1 - bone.p0);
        bone.flare0 = std::min(0.3 * shaft, 1.7 * w.w0);
        bone.flare1 = std::min(0.3 * shaft, 1.7 * w.w1);
        bone.cap0 = distalPhysis ? t.cap0 * w.w0 : 0.0;
        bone.cap1 = distalPhysis ? 0.0 : t.cap1 * w.w1;
        bone.cortex = t.cortex * s * m_cortexFactor;
        bone.muCortex = kMuCortex * m_density, bone.muMarrow = kMuMarrow * m_density;
        bone.textureKey = key;
        bone.depthRatio = depthRatio;
        m_g.tubes.push_back(bone);

        const Vec2 plateEnd = distalPhysis ? bone.p1 : bone.p0;
        const Vec2 out = distalPhysis ? dir : dir * -1.0;
        epiphysis(physis, plateEnd, out, wMeta, fullHeight, gap, tilt, t.roundness, depthRatio);
        return j0 + dir * len;
    }

    void epiphysis(Physis physis, Vec2 plateEnd, Vec2 out, double wMeta, double fullHeight, double gapFull,
                   double tilt, double roundness, double depthRatio) {
        // Plates (radius, phalangeal bases) are flat-topped; metacarpal heads and young nodules are domes.
        const double flatness = physis == Physis::DistalRadius ? 0.2
                                : physis == Physis::DistalUlna ? 0.35
                                : roundness >= 1.2             ? 0.5
                                                               : 0.3;
        const EpiphysisState st = epiphysisState(physis, m_maturity);
        PhysisSite& site = m_g.physes[int(physis)];
        site.axis = out, site.halfWidth = wMeta, site.state = st;
        // The growth region is age-informative whether or not its epiphysis has ossified yet.
        m_g.masks.push_back({plateEnd, out, -1.25 * wMeta, 1.25 * wMeta, -std::max(0.4 * wMeta, 1.5 * m_s),
                             fullHeight * (1 + std::fabs(tilt)) + gapFull + 0.5 * m_s});
        if (st.stage == EpiphysisStage::Absent) {
            site.centre = plateEnd + out * (0.5 * gapFull);
            return;
        }
        const double q = std::min(1.0, st.widthRatio);
        EpiphysisBlob e;
        e.axis = out;
        e.halfWidth = st.widthRatio * wMeta;
        e.outerHeight = std::min(fullHeight * (0.35 + 0.65 * q), roundness * e.halfWidth);
        e.innerHeight = e.outerHeight * (1 - q) * 0.9;
        e.capDepth = st.capping * 0.6 * e.outerHeight;
        e.tilt = tilt * q;
        e.flatness = 0.5 + (flatness - 0.5) * q;
        const double gapNow = gapFull * (1 - st.fusion);
        const double centring = std::max(0.0, 0.5 * (fullHeight - e.innerHeight - e.outerHeight));
        const double toBase = gapNow + centring + e.innerHeight;
        e.base = plateEnd + out * toBase;
        e.gap = toBase;
        e.bridge = st.fusion >= 1 ? 1.0 : st.fusion;
        e.depth = e.halfWidth * (1 - 0.3 * q) * depthRatio;
        e.cortex = 0.12 * e.depth;
        const double young = 0.75 + 0.25 * q;
        e.muCortex = kMuCortex * m_density * young, e.muMarrow = kMuMarrow * m_density * young;
        m_g.epiphyses.push_back(e);
        site.gap = st.stage == EpiphysisStage::Fused ? 0.0 : gapNow + centring;
        site.centre = plateEnd + out * (0.5 * (gapNow + centring));
    }

    void softChain(const std::vector<Vec2>& points, double r0, double r1) {
        for (std::size_t k = 0; k + 1 < points.size(); ++k) {
            const double t0 = double(k) / double(points.size() - 1),
                         t1 = double(k + 1) / double(points.size() - 1);
            m_g.capsules.push_back({points[k], points[k + 1], m_chubby * (r0 + (r1 - r0) * t0),
                                    m_chubby * (r0 + (r1 - r0) * t1)});
        }
    }

    void build();

private:
    HandGeometry& m_g;
    Random m_rng;
    double m_maturity;
    double m_s = 1, m_density = 1, m_cortexFactor = 1, m_spread = 0, m_chubby = 1;
};

/// Convex hull (Andrew's monotone chain), counter-clockwise.
std::vector<Vec2> convexHull(std::vector<Vec2> p) {
    std::sort(p.begin(), p.end(), [](Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    auto cross = [](Vec2 o, Vec2 a, Vec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); };
    std::vector<Vec2> h(2 * p.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0)
            --k;
        h[k++] = p[i];
    }
    for (std::size_t i = p.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0)
            --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);
    return h;
}

void Builder::build() {
    const double s = m_s;
    std::uint64_t key = m_rng.next();

    // Forearm: radius (radial, +x) and ulna, with their distal epiphyses.
    const Vec2 radiusTop = at({10.5, 1.5}) + Vec2{jitter(0.5), 0};
    const BoneTemplate radius{400 / s, {7.0, 7.0, 12.5}, 0, 0, 1.8, 8.0, 2.0};
    const Vec2 radiusDir = normalized(Vec2{0.004, 1});
    tube(radiusTop - radiusDir * (400), radiusDir, radius, 1.0, Physis::DistalRadius, true, 2.0, 0.55, key++,
         0.7);
    const Vec2 ulnaTop = at({-12.5, -1 + jitter(1.0)});
    const BoneTemplate ulna{400 / s, {5.0, 4.8, 6.5}, 0, 0, 1.6, 6.5, 2.0};
    const Vec2 ulnaDir = normalized(Vec2{-0.004, 1});
    tube(ulnaTop - ulnaDir * 400, ulnaDir, ulna, 1.0, Physis::DistalUlna, true, 1.8, -0.45, key++, 0.75);

    // Carpals.
    for (int c = 0; c < kCarpalCount; ++c) {
        const CarpalTemplate& t = kCarpals[c];
        const Vec2 centre = at(t.centre + Vec2{jitter(0.5), jitter(0.5)});
        const CarpalState st = carpalState(Carpal(c), m_maturity);
        CarpalSite& site = m_g.carpalSites[c];
        site.centre = centre;
        if (!st.visible)
            continue;
        const double q = st.sizeFraction, mean = 0.5 * (t.a + t.b);
        CarpalBlob blob;
        blob.centre = centre;
        blob.a = 0.93 * s * q * (mean + (t.a - mean) * q);
        blob.b = 0.93 * s * q * (mean + (t.b - mean) * q);
        blob.angleDeg = (t.angleDeg + jitter(5)) * q;
        blob.exponent = 2 + (t.exponent - 2) * std::max(0.5, q);
        blob.egg = t.egg * q;
        blob.depth = 0.36 * (blob.a + blob.b);
        blob.cortex = 0.1 * blob.depth;
        const double young = 0.75 + 0.25 * q;
        blob.muCortex = kMuCortex * m_density * young, blob.muMarrow = 1.15 * kMuMarrow * m_density * young;
        m_g.carpals.push_back(blob);
        site.visible = true;
        site.radius = std::sqrt(blob.a * blob.b);
        if (Carpal(c) == Carpal::Hamate && q > 0.75) {
            // The hook of the hamate, seen end-on as a ring once the bone is nearly mature.
            const double h = (q - 0.75) / 0.25;
            CarpalBlob hook{at({-7.2, 19.0}),
                            2.4 * s * h,
                            3.0 * s * h,
                            -12,
                            2,
                            0,
                            2.5 * s,
                            0.9 * s,
                            kMuCortex * m_density * 0.8,
                            0.0,
                            true};
            m_g.carpals.push_back(hook);
        }
    }

    // Fingers 2-5: metacarpal (distal epiphysis), proximal, middle, distal phalanx (proximal epiphyses).
    std::vector<Vec2> palm = {at({-30, -8}), at({28, -8})};
    std::vector<Vec2> tips;
    for (const RayTemplate& ray : kRays) {
        const double lengthJitter = 1 + jitter(0.025);
        BoneTemplate mc = ray.mc, p1 = ray.p1, p2 = ray.p2, p3 = ray.p3;
        for (BoneTemplate* b : {&mc, &p1, &p2, &p3})
            b->length *= lengthJitter;
        const Vec2 base = at(ray.mcBase + Vec2{jitter(0.6), jitter(0.6)});
        const Vec2 mcDir = normalized(at(ray.mcHead) - at(ray.mcBase));
        const Vec2 head = tube(base, mcDir, mc, ray.widthFactor, ray.mcPhysis, true, 1.4, 0, key++);
        // Fingers fan out (spread) and curl slightly towards the middle finger distally.
        const double mcAngle = std::atan2(mcDir.x, mcDir.y) * 180 / 3.14159265358979323846;
        const double fingerAngle = mcAngle - ray.spread * m_spread + jitter(1.5);
        Vec2 j = head + direction(fingerAngle) * (2.2 * s);
        const Vec2 p1Start = j;
        j = tube(j, direction(fingerAngle), p1, ray.widthFactor, ray.p1Physis, false, 1.3, 0, key++);
        const Vec2 p1End = j;
        const double a2 = fingerAngle * 0.9 + jitter(1.0);
        j = tube(j + direction(a2) * (1.6 * s), direction(a2), p2, ray.widthFactor, ray.p2Physis, false, 1.3,
                 0, key++);
        const Vec2 p2End = j;
        const double a3 = a2 * 0.9 + jitter(1.0);
        j = tube(j + direction(a3) * (1.4 * s), direction(a3), p3, ray.widthFactor, ray.p3Physis, false, 1.2,
                 0, key++);
        const Vec2 tip = j + direction(a3) * (3.0 * s);
        softChain({head - mcDir * (6 * s), p1Start, p1End, p2End, tip}, ray.softRadius * s,
                  ray.softRadius * s * 0.8);
        const Vec2 side = perpendicular(mcDir) * (ray.softRadius * s);
        palm.push_back(base - side), palm.push_back(base + side);
        palm.push_back(head - side + mcDir * (2 * s)), palm.push_back(head + side + mcDir * (2 * s));
        tips.push_back(tip);
    }

    // Thumb: metacarpal (proximal epiphysis), proximal and distal phalanx.
    {
        const double a1 = 38 + jitter(3) + 0.5 * m_spread;
        const Vec2 base = at({25, 28});
        const BoneTemplate mc1{46 * (1 + jitter(0.025)), {5.8, 4.5, 5.6}, 0, 0.5, 1.5, 5.0, 0.8};
        Vec2 j = tube(base, direction(a1), mc1, 1.0, Physis::Metacarpal1, false, 1.4, 0, key++);
        const Vec2 mcEnd = j;
        const double a2 = a1 - 10 + jitter(3);
        const BoneTemplate t1{32, {6.2, 4.5, 5.2}, 0, 0.45, 1.3, 3.5, 0.8};
        j = tube(j + direction(a2) * (2.0 * s), direction(a2), t1, 1.0, Physis::Proximal1, false, 1.3, 0,
                 key++);
        const Vec2 p1End = j;
        const double a3 = a2 - 8 + jitter(3);
        const BoneTemplate t3{23, {5.4, 3.4, 4.0}, 0, 0.9, 1.0, 3.3, 0.8};
        j = tube(j + direction(a3) * (1.5 * s), direction(a3), t3, 1.0, Physis::Distal1, false, 1.2, 0,
                 key++);
        const Vec2 tip = j + direction(a3) * (3.5 * s);
        softChain({base + direction(a1) * (8 * s), mcEnd, p1End, tip}, 11 * s, 8.2 * s);
        palm.push_back(base + Vec2{8, -6} * s);
        palm.push_back(base + direction(a1) * (22 * s) + perpendicular(direction(a1)) * (9 * s));
        palm.push_back(base + direction(a1) * (12 * s) + perpendicular(direction(a1)) * (-9 * s));
        tips.push_back(tip);
    }

    m_g.slabs.push_back({convexHull(palm), 24 * s, 9 * s});
    // Forearm: wider towards the elbow, running off the film.
    m_g.slabs.push_back({convexHull({at({-30, 5}), at({28, 5}), at({28, -6}) + Vec2{8, -400},
                                     at({-30, -6}) + Vec2{-8, -400}}),
                         24 * s, 12 * s});

    m_g.xMin = 1e300, m_g.xMax = -1e300, m_g.yMax = -1e300;
    for (const SoftCapsule& c : m_g.capsules) {
        for (const Vec2& p : {c.a, c.b}) {
            m_g.xMin = std::min(m_g.xMin, p.x - c.ra), m_g.xMax = std::max(m_g.xMax, p.x + c.ra);
            m_g.yMax = std::max(m_g.yMax, p.y + c.rb);
        }
    }
    for (const Vec2& p : m_g.slabs.front().hull)
        m_g.xMin = std::min(m_g.xMin, p.x), m_g.xMax = std::max(m_g.xMax, p.x);
    m_g.yMin = -45 * s;
}

}  // namespace

double handSizeFactor(Sex sex, double boneAgeMonths) {
    static const double male[][2] = {{0, 0.34},   {12, 0.44},  {24, 0.50},  {48, 0.58},
                                     {72, 0.65},  {96, 0.72},  {120, 0.79}, {144, 0.86},
                                     {168, 0.94}, {192, 0.99}, {216, 1.0}};
    static const double female[][2] = {{0, 0.33},   {12, 0.43},  {24, 0.49},  {48, 0.57},
                                       {72, 0.64},  {96, 0.71},  {120, 0.78}, {144, 0.85},
                                       {168, 0.90}, {192, 0.92}, {216, 0.92}};
    return sex == Sex::Male ? interpolate(male, 11, boneAgeMonths) : interpolate(female, 11, boneAgeMonths);
}

HandGeometry buildHand(const PhantomSpec& spec) {
    HandGeometry g;
    Builder(spec, g).build();
    return g;
}

}  // namespace boneage::phantom
