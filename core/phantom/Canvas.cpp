#include "phantom/Canvas.h"

#include "phantom/Random.h"

namespace boneage::phantom {

namespace {

constexpr double kPi = 3.14159265358979323846;

double smoothstep(double x) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    return x * x * (3 - 2 * x);
}

/// Value noise in [0, 1]: bilinear interpolation of hashed lattice values (cell size 1 in the inputs).
double valueNoise(double x, double y, std::uint64_t key) {
    const double fx = std::floor(x), fy = std::floor(y);
    const auto ix = std::int64_t(fx), iy = std::int64_t(fy);
    const double tx = smoothstep(x - fx), ty = smoothstep(y - fy);
    auto h = [&](std::int64_t a, std::int64_t b) {
        return double(Random::hash(a, b, key) >> 11) * 0x1.0p-53;
    };
    const double top = h(ix, iy) + (h(ix + 1, iy) - h(ix, iy)) * tx;
    const double bottom = h(ix, iy + 1) + (h(ix + 1, iy + 1) - h(ix, iy + 1)) * tx;
    return top + (bottom - top) * ty;
}

/// Line integral through a shelled ellipsoid at normalised radius r^2 (r2 < 1): cortex of relative
/// thickness `shell` (of `depth`).
float shellIntegral(double r2, double depth, double shell, double muCortex, double muMarrow) {
    const double outer = 2 * depth * std::sqrt(std::max(0.0, 1 - r2));
    const double k = std::max(0.0, 1 - shell);
    const double inner = r2 < k * k ? 2 * depth * std::sqrt(k * k - r2) : 0;
    return float(muCortex * outer - (muCortex - muMarrow) * inner);
}

}  // namespace

Canvas::Canvas(int width, int height, double spacingMm, Vec2 originPx, double rotationDeg)
    : soft(std::size_t(width) * std::size_t(height), 0.0f),
      bone(std::size_t(width) * std::size_t(height), 0.0f),
      mask(std::size_t(width) * std::size_t(height), 0),
      m_width(width),
      m_height(height),
      m_spacing(spacingMm),
      m_originPx(originPx),
      m_cos(std::cos(rotationDeg * kPi / 180)),
      m_sin(std::sin(rotationDeg * kPi / 180)) {}

Vec2 Canvas::toImage(Vec2 p) const {
    const double dx = m_cos * p.x - m_sin * p.y, dy = m_sin * p.x + m_cos * p.y;
    return {m_originPx.x + dx / m_spacing, m_originPx.y - dy / m_spacing};
}

Vec2 Canvas::toImageDirection(Vec2 d) const {
    return normalized({m_cos * d.x - m_sin * d.y, -(m_sin * d.x + m_cos * d.y)});
}

Vec2 Canvas::handAt(double px, double py) const {
    const double dx = (px - m_originPx.x) * m_spacing, dy = -(py - m_originPx.y) * m_spacing;
    return {m_cos * dx + m_sin * dy, -m_sin * dx + m_cos * dy};
}

void Canvas::draw(const SoftCapsule& s) {
    const Vec2 axis = normalized(s.b - s.a);
    const double len = length(s.b - s.a), rMax = std::max(s.ra, s.rb);
    scan(s.a, axis, -rMax, rMax, -s.ra, len + s.rb, [&](std::size_t index, double u, double v) {
        const double t = len > 0 ? std::min(1.0, std::max(0.0, v / len)) : 0;
        const double r = s.ra + (s.rb - s.ra) * t;
        const double along = v - t * len;
        const double d2 = u * u + along * along;
        if (d2 >= r * r)
            return;
        const float thickness = float(2 * std::sqrt(r * r - d2));
        if (thickness > soft[index])
            soft[index] = thickness;
    });
}

void Canvas::draw(const SoftSlab& s) {
    if (s.hull.size() < 3)
        return;
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (const Vec2& p : s.hull)
        x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    struct Edge {
        Vec2 a, inward;
    };
    std::vector<Edge> edges;
    for (std::size_t k = 0; k < s.hull.size(); ++k) {
        const Vec2 a = s.hull[k], b = s.hull[(k + 1) % s.hull.size()];
        const Vec2 d = normalized(b - a);
        edges.push_back({a, {-d.y, d.x}});
    }
    // Local frame = hand frame: perpendicular((0, 1)) = (1, 0), so u = x and v = y.
    scan({0, 0}, {0, 1}, x0, x1, y0, y1, [&](std::size_t index, double x, double y) {
        double inside = 1e300;
        for (const Edge& e : edges) {
            inside = std::min(inside, (x - e.a.x) * e.inward.x + (y - e.a.y) * e.inward.y);
            if (inside <= 0)
                return;
        }
        const double t = 1 - std::min(1.0, inside / s.edge);
        const float thickness = float(s.thickness * std::sqrt(1 - t * t));
        if (thickness > soft[index])
            soft[index] = thickness;
    });
}

void Canvas::draw(const TubeBone& b) {
    const Vec2 axis = normalized(b.p1 - b.p0);
    const double len = length(b.p1 - b.p0);
    const double wMax = std::max({b.w0, b.wMid, b.w1});
    auto halfWidth = [&](double v) {
        if (v < 0)
            return b.cap0 > 0 ? b.w0 * std::sqrt(std::max(0.0, 1 - (v / b.cap0) * (v / b.cap0))) : b.w0;
        if (v > len) {
            const double o = (v - len) / b.cap1;
            return b.cap1 > 0 ? b.w1 * std::sqrt(std::max(0.0, 1 - o * o)) : b.w1;
        }
        return b.wMid + (b.w0 - b.wMid) * smoothstep(1 - v / b.flare0) +
               (b.w1 - b.wMid) * smoothstep(1 - (len - v) / b.flare1);
    };
    // Trabecular texture: value noise in bone-local coordinates, finer across than along the shaft.
    const double cellU = 0.4, cellV = 0.9;
    scan(b.p0, axis, -wMax, wMax, -b.cap0, len + b.cap1, [&](std::size_t index, double u, double v) {
        const double w = halfWidth(v);
        if (std::fabs(u) >= w)
            return;
        // Cortex thins towards the (trabecular) metaphyses and ends.
        const double c = std::min(b.cortex * b.wMid / std::max(w, 1e-6), 0.45 * w);
        const double outer = 2 * std::sqrt(w * w - u * u);
        const double wi = w - c;
        const double inner = std::fabs(u) < wi ? 2 * std::sqrt(wi * wi - u * u) : 0;
        const double marrow = b.muMarrow * (0.7 + 0.6 * valueNoise(u / cellU, v / cellV, b.textureKey));
        bone[index] += float(b.depthRatio * (b.muCortex * outer - (b.muCortex - marrow) * inner));
    });
}

void Canvas::draw(const EpiphysisBlob& e) {
    if (e.halfWidth <= 0)
        return;
    const double hw = e.halfWidth;
    const double vMin = -(e.innerHeight + e.capDepth + e.gap) - 0.01;
    const double vMax = e.outerHeight * (1 + std::fabs(e.tilt));
    const double shell = e.cortex / std::max(e.depth, 1e-6);
    scan(e.base, e.axis, -hw, hw, vMin, vMax, [&](std::size_t index, double u, double v) {
        const double s = u / hw;
        const double s2 = s * s;
        if (s2 >= 1)
            return;
        const double root = std::sqrt(1 - s2);
        const double outerH = e.outerHeight * (1 + e.tilt * s);
        double vIn = -e.innerHeight * root - e.capDepth * s2 * s2;
        if (std::fabs(s) < e.bridge)
            vIn = std::min(vIn, -e.gap);
        const double profile = e.flatness == 0.5 ? root : std::pow(1 - s2, e.flatness);
        if (v > outerH * profile || v < vIn)
            return;
        double r2 = s2;
        if (v > 0)
            r2 += (v / outerH) * (v / outerH) * (root / profile);
        else if (e.innerHeight > 1e-6)
            r2 += (v / e.innerHeight) * (v / e.innerHeight);
        if (r2 >= 1)
            r2 = s2;  // a capping lip or a fusion bridge: as thick as the plate at this s
        bone[index] += shellIntegral(r2, e.depth, shell, e.muCortex, e.muMarrow);
    });
}

void Canvas::draw(const CarpalBlob& c) {
    const double angle = c.angleDeg * kPi / 180;
    const Vec2 axis{-std::sin(angle), std::cos(angle)};  // the b-axis; perpendicular(axis) is the a-axis
    const double grow = 1.15;                            // the mask reaches a little beyond the bone
    const double aMax = c.a * (1 + std::fabs(c.egg)) * grow;
    const double shell = c.cortex / std::max(c.depth, 1e-6);
    const bool ellipse = c.exponent == 2;
    scan(c.centre, axis, -aMax, aMax, -c.b * grow, c.b * grow, [&](std::size_t index, double u, double v) {
        const double aEff = c.a * (1 + c.egg * v / c.b);
        const double x = std::fabs(u / aEff), y = std::fabs(v / c.b);
        double r2;
        if (ellipse) {
            r2 = x * x + y * y;
        } else {
            const double r = std::pow(std::pow(x, c.exponent) + std::pow(y, c.exponent), 1 / c.exponent);
            r2 = r * r;
        }
        if (c.mask && r2 < grow * grow)
            mask[index] = 1;
        if (r2 >= 1)
            return;
        bone[index] += shellIntegral(r2, c.depth, shell, c.muCortex, c.muMarrow);
    });
}

void Canvas::draw(const MaskBox& m) {
    scan(m.origin, m.axis, m.uMin, m.uMax, m.vMin, m.vMax,
         [&](std::size_t index, double, double) { mask[index] = 1; });
}

}  // namespace boneage::phantom
