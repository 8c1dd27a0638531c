#include "phantom/Acquisition.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "phantom/Random.h"

namespace boneage::phantom {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr float kMuSoft = 0.018f;          // effective attenuation of soft tissue per mm
constexpr double kCountsOpenField = 3000;  // quanta per pixel of an open field at exposure 1
constexpr double kElectronicNoise = 3;     // counts
constexpr double kCollimatorLeak = 0.015;
constexpr float kLead = 6.0f, kPlastic = 0.12f;

/// Three passes of a running box (radius r) along rows and columns: a cheap Gaussian of sigma ~ r.
void boxBlur(std::vector<float>& img, int w, int h, int r) {
    if (r < 1)
        return;
    std::vector<float> line(std::size_t(std::max(w, h)));
    auto pass = [&](int n, int count, std::size_t stride, std::size_t step) {
        for (int k = 0; k < count; ++k) {
            float* p = img.data() + std::size_t(k) * step;
            for (int iter = 0; iter < 3; ++iter) {
                double sum = 0;
                int lo = 0, hi = -1;
                for (int i = 0; i < n; ++i) {
                    while (hi < std::min(n - 1, i + r))
                        sum += p[std::size_t(++hi) * stride];
                    while (lo < i - r)
                        sum -= p[std::size_t(lo++) * stride];
                    line[std::size_t(i)] = float(sum / (hi - lo + 1));
                }
                for (int i = 0; i < n; ++i)
                    p[std::size_t(i) * stride] = line[std::size_t(i)];
            }
        }
    };
    pass(w, h, 1, std::size_t(w));  // rows
    pass(h, w, std::size_t(w), 1);  // columns
}

struct Rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // half-open
    bool contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

/// Draws the lead "L" on its plastic holder into the attenuation map in the first free corner (starting
/// from a random one) and returns the holder's rectangle; an empty one when every corner is occupied.
Rect placeMarker(const PhantomSpec& spec, const std::vector<float>& soft, std::vector<float>& att,
                 Random& rng) {
    const int w = spec.width, h = spec.height;
    const double sp = spec.pixelSpacingMm;
    const int box = int(std::lround(16 / sp)), margin = int(std::lround(8 / sp));
    const Collimation& c = spec.collimation;
    const int first = rng.below(4);
    for (int k = 0; k < 4; ++k) {
        const int corner = (first + k) % 4;
        const int x0 =
            (corner % 2 == 0) ? int(c.leftMm / sp) + margin : w - int(c.rightMm / sp) - margin - box;
        const int y0 = (corner < 2) ? int(c.topMm / sp) + margin : h - int(c.bottomMm / sp) - margin - box;
        if (x0 < 0 || y0 < 0 || x0 + box > w || y0 + box > h)
            continue;
        bool free = true;
        const int pad = margin / 2;
        for (int y = std::max(0, y0 - pad); free && y < std::min(h, y0 + box + pad); ++y)
            for (int x = std::max(0, x0 - pad); x < std::min(w, x0 + box + pad); ++x)
                if (soft[std::size_t(y) * std::size_t(w) + std::size_t(x)] > 0.5f) {
                    free = false;
                    break;
                }
        if (!free)
            continue;
        const double stroke = 2.2 / sp, tall = 11 / sp, wide = 7.5 / sp;
        const double lx = x0 + (box - wide) / 2, ly = y0 + (box - tall) / 2;
        for (int y = y0; y < y0 + box; ++y)
            for (int x = x0; x < x0 + box; ++x) {
                float& a = att[std::size_t(y) * std::size_t(w) + std::size_t(x)];
                a += kPlastic;
                const bool vertical = x >= lx && x < lx + stroke && y >= ly && y < ly + tall;
                const bool foot = x >= lx && x < lx + wide && y >= ly + tall - stroke && y < ly + tall;
                if (vertical || foot)
                    a += kLead;
            }
        return {x0, y0, x0 + box, y0 + box};
    }
    return {};
}

/// Share of the primary beam the collimator lets through at each pixel (1 inside the field), with a
/// penumbra of ~0.8 mm; empty when the spec has no collimation.
std::vector<float> collimatorField(const PhantomSpec& spec) {
    const Collimation& c = spec.collimation;
    if (c.leftMm <= 0 && c.rightMm <= 0 && c.topMm <= 0 && c.bottomMm <= 0)
        return {};
    const int w = spec.width, h = spec.height;
    const double sp = spec.pixelSpacingMm, W = w * sp, H = h * sp;
    const double cx = 0.5 * (c.leftMm + (W - c.rightMm)), cy = 0.5 * (c.topMm + (H - c.bottomMm));
    const double halfW = 0.5 * (W - c.leftMm - c.rightMm), halfH = 0.5 * (H - c.topMm - c.bottomMm);
    // Sides without collimation are pushed far outside so a tilt cannot make them cut the film.
    const double left = c.leftMm > 0 ? halfW : 1e6, right = c.rightMm > 0 ? halfW : 1e6;
    const double top = c.topMm > 0 ? halfH : 1e6, bottom = c.bottomMm > 0 ? halfH : 1e6;
    const double ct = std::cos(c.tiltDeg * kPi / 180), st = std::sin(c.tiltDeg * kPi / 180);
    const double penumbra = 0.8;
    std::vector<float> field(std::size_t(w) * std::size_t(h));
    for (int y = 0; y < h; ++y) {
        const double dy = (y + 0.5) * sp - cy;
        for (int x = 0; x < w; ++x) {
            const double dx = (x + 0.5) * sp - cx;
            const double u = ct * dx + st * dy, v = -st * dx + ct * dy;
            const double inside = std::min(std::min(left + u, right - u), std::min(top + v, bottom - v));
            field[std::size_t(y) * std::size_t(w) + std::size_t(x)] =
                float(std::clamp(0.5 + inside / penumbra, 0.0, 1.0));
        }
    }
    return field;
}

}  // namespace

Exposure acquire(const PhantomSpec& spec, Canvas& canvas) {
    const int w = spec.width, h = spec.height;
    const std::size_t n = canvas.size();
    Random rng(spec.seed, 3);

    // Attenuation line integral: soft tissue + bone (+ marker).
    std::vector<float>& att = canvas.bone;
    for (std::size_t i = 0; i < n; ++i)
        att[i] += kMuSoft * canvas.soft[i];
    const Rect marker = spec.leadMarker ? placeMarker(spec, canvas.soft, att, rng) : Rect{};

    // Primary fluence behind the patient and the collimator.
    const std::vector<float> field = collimatorField(spec);
    std::vector<float> primary(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float open = field.empty() ? 1.0f : float(kCollimatorLeak + (1 - kCollimatorLeak) * field[i]);
        primary[i] = std::exp(-att[i]) * open;
    }

    // Scatter: the primary blurred over scatterRadiusMm, computed on a coarse grid and upsampled.
    const int f = std::max(1, int(std::lround(2.0 / spec.pixelSpacingMm)));
    const int cw = (w + f - 1) / f, ch = (h + f - 1) / f;
    std::vector<float> coarse(std::size_t(cw) * std::size_t(ch), 0.0f);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            coarse[std::size_t(y / f) * std::size_t(cw) + std::size_t(x / f)] +=
                primary[std::size_t(y) * std::size_t(w) + std::size_t(x)];
    for (int y = 0; y < ch; ++y)
        for (int x = 0; x < cw; ++x) {
            const int nx = std::min(f, w - x * f), ny = std::min(f, h - y * f);
            coarse[std::size_t(y) * std::size_t(cw) + std::size_t(x)] /= float(nx * ny);
        }
    boxBlur(coarse, cw, ch,
            std::max(1, int(std::lround(spec.scatterRadiusMm / (f * spec.pixelSpacingMm) / 1.7))));

    // Detected quanta with noise, log transform.
    const double counts0 = kCountsOpenField * spec.exposure;
    const double reference = std::log(counts0 * (1 + spec.scatterFraction));
    std::vector<float>& logged = canvas.soft;  // reuse: soft tissue is no longer needed
    const float sf = float(spec.scatterFraction), noise = float(spec.noise);
    for (int y = 0; y < h; ++y) {
        const double heel = 1 + spec.heelEffect * ((y + 0.5) / h - 0.5);
        const float gain = float(counts0 * heel);
        // Bilinear upsampling of the scatter grid along this row.
        const float cyf = std::clamp((y + 0.5f) / f - 0.5f, 0.0f, float(ch - 1));
        const int y0 = std::min(int(cyf), ch - 1), y1 = std::min(y0 + 1, ch - 1);
        const float ty = cyf - y0;
        for (int x = 0; x < w; ++x) {
            const float cxf = std::clamp((x + 0.5f) / f - 0.5f, 0.0f, float(cw - 1));
            const int x0 = std::min(int(cxf), cw - 1), x1 = std::min(x0 + 1, cw - 1);
            const float tx = cxf - x0;
            const float* row0 = &coarse[std::size_t(y0) * std::size_t(cw)];
            const float* row1 = &coarse[std::size_t(y1) * std::size_t(cw)];
            const float scatter = (row0[x0] + (row0[x1] - row0[x0]) * tx) * (1 - ty) +
                                  (row1[x0] + (row1[x1] - row1[x0]) * tx) * ty;
            const std::size_t i = std::size_t(y) * std::size_t(w) + std::size_t(x);
            float q = gain * (primary[i] + sf * scatter);
            // Quantum (Poisson ~ variance q) and electronic noise, as one Gaussian of the summed variance.
            if (noise > 0)
                q += noise * std::sqrt(q + float(kElectronicNoise * kElectronicNoise)) * rng.fastGaussian();
            logged[i] = float(reference - std::log(std::max(q, 1.0f)));
        }
    }

    // Automatic ranging, as a CR/DR reader does: the open field maps near black, the densest bone near
    // the top of the range. The collimated border and the marker do not take part.
    constexpr int kBins = 4096;
    constexpr float kLo = -1.0f, kHi = 7.0f;
    std::vector<std::uint32_t> histogram(kBins, 0);
    std::size_t counted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if ((!field.empty() && field[i] < 0.99f) ||
            marker.contains(int(i % std::size_t(w)), int(i / std::size_t(w))))
            continue;
        const int bin = std::clamp(int((logged[i] - kLo) / (kHi - kLo) * kBins), 0, kBins - 1);
        ++histogram[std::size_t(bin)], ++counted;
    }
    auto percentile = [&](double p) {
        const double target = p * double(counted);
        double sum = 0;
        for (int b = 0; b < kBins; ++b) {
            sum += histogram[std::size_t(b)];
            if (sum >= target)
                return kLo + (b + 0.5f) * (kHi - kLo) / kBins;
        }
        return kHi;
    };
    const float lo = percentile(0.02), hi = std::max(percentile(0.9995), lo + 0.05f);
    const double maxValue = double((1u << spec.bitsStored) - 1);
    const double floor = 0.04 * maxValue, span = 0.82 * maxValue * spec.contrast;

    // The reader's tone curve has a toe (gamma > 1 on the normalised attenuation): thin soft tissue stays
    // faint, bone fills the upper range. Tabulated over x in [0, xSaturate] so no pixel pays for pow().
    constexpr double kGamma = 1.35;
    constexpr int kLut = 1 << 16;
    const double xSaturate = std::pow((maxValue - floor) / span, 1 / kGamma);
    std::vector<std::uint16_t> lut(kLut + 1);
    for (int k = 0; k <= kLut; ++k) {
        const double v = std::min(floor + span * std::pow(xSaturate * k / kLut, kGamma), maxValue);
        const auto stored = std::uint16_t(v + 0.5);
        lut[std::size_t(k)] = spec.monochrome1 ? std::uint16_t(maxValue - stored) : stored;
    }
    const float toIndex = float(kLut / (xSaturate * (hi - lo)));

    Exposure out;
    out.pixels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float k = std::clamp((logged[i] - lo) * toIndex, 0.0f, float(kLut));
        out.pixels[i] = lut[std::size_t(k + 0.5f)];
    }
    const double centre = std::min(maxValue, floor + 0.5 * span), width = std::min(maxValue + 1, 1.1 * span);
    out.windowCenter = spec.monochrome1 ? maxValue - centre : centre;
    out.windowWidth = width;
    return out;
}

}  // namespace boneage::phantom
