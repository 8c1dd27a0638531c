#include "imaging/Windowing.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>

namespace boneage::imaging {

namespace {

/// Input range of integral pixels for which the LUT path is used.
constexpr double kMaxLutSpan = 1 << 20;

double voiLookup(const VoiLut& lut, double x) {
    const double index = std::floor(x - lut.firstMapped);
    if (!(index > 0))
        return lut.table.front();
    if (index >= double(lut.table.size() - 1))
        return lut.table.back();
    return lut.table[std::size_t(index)];
}

/// A linear window that follows a VOI LUT: from the last input still at the LUT's minimum output to the first
/// input at its maximum.
Window windowFromLut(const VoiLut& lut) {
    const auto [lo, hi] = std::minmax_element(lut.table.begin(), lut.table.end());
    std::size_t first = 0, last = lut.table.size() - 1;
    while (first < last && lut.table[first + 1] == *lo)
        ++first;
    while (last > first && lut.table[last - 1] == *hi)
        --last;
    const double x0 = lut.firstMapped + double(first), x1 = lut.firstMapped + double(last);
    return Window{(x0 + x1 + 1.0) / 2.0, std::max(1.0, x1 - x0 + 1.0)};
}

Window fullRange(const Film& film) {
    return Window{(double(film.minValue) + double(film.maxValue) + 1.0) / 2.0,
                  double(film.maxValue) - double(film.minValue) + 1.0};
}

}  // namespace

namespace {

/// The window as y = (x - lowEdge) * scale + 127.5; windowValue and the per-pixel loop share it, so they
/// agree to the bit.
struct Linear {
    double lowEdge;  // c - 0.5
    double scale;    // 255 / (w - 1); 0 marks the width <= 1 threshold
};

Linear linearFor(const Window& window) {
    return Linear{window.centre - 0.5, window.width <= 1.0 ? 0.0 : 255.0 / (window.width - 1.0)};
}

inline std::uint8_t evaluate(float x, const Linear& l) {
    if (l.scale == 0.0)
        return double(x) > l.lowEdge ? 255 : 0;
    const double y = (double(x) - l.lowEdge) * l.scale + 127.5;
    if (!(y > 0.0))
        return 0;  // also NaN
    if (y >= 255.0)
        return 255;
    return std::uint8_t(y + 0.5);
}

/// Whether every value is an integer within [lo, hi] (NaN is not). Branch-free so that it vectorises: adding
/// and subtracting 2^23 rounds a float of magnitude below 2^23 to an integer and leaves integers alone.
bool integralWithin(const float* __restrict values, std::size_t count, float lo, float hi) {
    int bad = 0;
    if (lo >= 0.0f) {
        for (std::size_t i = 0; i < count; ++i) {
            const float x = values[i];
            bad |= int((x + 8388608.0f) - 8388608.0f != x) | int(x < lo) | int(x > hi);
        }
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            const float x = values[i];
            const float magic = x >= 0.0f ? 8388608.0f : -8388608.0f;
            bad |= int((x + magic) - magic != x) | int(x < lo) | int(x > hi);
        }
    }
    return bad == 0;
}

}  // namespace

std::uint8_t windowValue(float x, const Window& window) {
    return evaluate(x, linearFor(window));
}

void applyWindow(const float* pixels, std::size_t count, const Window& window, bool invert,
                 std::uint8_t* out) {
    const Linear linear = linearFor(window);
    const std::uint8_t flip = invert ? 255 : 0;
    const double lowEdge = linear.lowEdge, scale = linear.scale;
    if (scale == 0.0) {
        for (std::size_t i = 0; i < count; ++i)
            out[i] = std::uint8_t((double(pixels[i]) > lowEdge ? 255 : 0) ^ flip);
        return;
    }
    std::size_t i = 0;
#if defined(__SSE2__)
    // Four pixels a step, in double as windowValue() computes: y = (x - lowEdge) * scale + 127.5, clamped to
    // [0, 255] (max/min turn NaN into 0), plus 0.5, truncated.
    const __m128d low = _mm_set1_pd(lowEdge), k = _mm_set1_pd(scale), mid = _mm_set1_pd(127.5);
    const __m128d zero = _mm_setzero_pd(), top = _mm_set1_pd(255.0), half = _mm_set1_pd(0.5);
    auto grey = [&](__m128d x) {
        const __m128d y = _mm_add_pd(_mm_mul_pd(_mm_sub_pd(x, low), k), mid);
        return _mm_cvttpd_epi32(_mm_add_pd(_mm_min_pd(_mm_max_pd(y, zero), top), half));
    };
    const std::uint32_t flip4 = flip * 0x01010101u;
    for (; i + 4 <= count; i += 4) {
        const __m128 x = _mm_loadu_ps(pixels + i);
        const __m128i four =
            _mm_unpacklo_epi64(grey(_mm_cvtps_pd(x)), grey(_mm_cvtps_pd(_mm_movehl_ps(x, x))));
        const __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(four, four), four);
        const std::uint32_t v = std::uint32_t(_mm_cvtsi128_si32(bytes)) ^ flip4;
        std::memcpy(out + i, &v, sizeof v);
    }
#endif
    for (; i < count; ++i) {
        double y = (double(pixels[i]) - lowEdge) * scale + 127.5;
        if (!(y > 0.0))
            y = 0.0;  // also NaN
        if (y > 255.0)
            y = 255.0;
        out[i] = std::uint8_t(std::uint8_t(y + 0.5) ^ flip);
    }
}

void applyWindow(const Film& film, const Window& window, bool invert, std::vector<std::uint8_t>& out) {
    const std::size_t n = film.pixels.size();
    out.resize(n);
    const float* px = film.pixels.data();
    std::uint8_t* dst = out.data();
    const std::uint8_t flip = invert ? 255 : 0;
    const Linear linear = linearFor(window);
    const double lo = std::floor(double(film.minValue)), span = double(film.maxValue) - lo;
    const bool lutUsable = n > 0 && span >= 0 && span < kMaxLutSpan && std::fabs(lo) < double(1 << 22);
    const float minF = film.minValue, maxF = film.maxValue;
    std::vector<std::uint8_t> lut;
    if (lutUsable) {
        // Integral pixels (DICOM without a fractional rescale, PNG, JPEG): one LUT entry per value.
        lut.resize(std::size_t(span) + 1);
        for (std::size_t k = 0; k < lut.size(); ++k)
            lut[k] = std::uint8_t(evaluate(float(lo + double(k)), linear) ^ flip);
    }
    const int base = int(lo);
    const std::uint32_t last = lutUsable ? std::uint32_t(lut.size() - 1) : 0;
    constexpr std::size_t kBlock = 4096;
    for (std::size_t start = 0; start < n; start += kBlock) {
        const std::size_t end = std::min(n, start + kBlock);
        bool integral = lutUsable;
        if (integral)
            integral = integralWithin(px + start, end - start, minF, maxF);
        if (integral) {
            for (std::size_t i = start; i < end; ++i) {
                dst[i] = lut[std::min(std::uint32_t(int(px[i]) - base), last)];
            }
        } else {
            applyWindow(px + start, end - start, window, invert, dst + start);
        }
    }
}

void applyVoiLut(const Film& film, const VoiLut& lut, bool invert, std::vector<std::uint8_t>& out) {
    out.resize(film.pixels.size());
    if (lut.table.empty()) {
        applyWindow(film, fullRange(film), invert, out);
        return;
    }
    const double scale = 255.0 / double((1u << std::clamp(lut.outputBits, 1, 16)) - 1u);
    for (std::size_t i = 0; i < film.pixels.size(); ++i) {
        const double y = std::clamp(voiLookup(lut, film.pixels[i]) * scale, 0.0, 255.0);
        const auto v = std::uint8_t(y + 0.5);
        out[i] = invert ? std::uint8_t(255 - v) : v;
    }
}

Window windowFor(const Film& film, WindowPreset preset) {
    switch (preset) {
        case WindowPreset::DicomDefault:
            if (film.defaultWindow)
                return *film.defaultWindow;
            if (film.voiLut && !film.voiLut->table.empty())
                return windowFromLut(*film.voiLut);
            return fullRange(film);
        case WindowPreset::Bone: {
            if (film.pixels.empty() || !(film.maxValue > film.minValue) ||
                !std::isfinite(film.maxValue - film.minValue)) {
                return fullRange(film);
            }
            // A 4096-bin histogram is exact enough for percentiles and avoids sorting 5 M pixels.
            constexpr int kBins = 4096;
            std::vector<std::size_t> histogram(kBins, 0);
            const double lo = film.minValue, scale = (kBins - 1) / (double(film.maxValue) - lo);
            for (const float v : film.pixels) {
                ++histogram[std::min(std::size_t((double(v) - lo) * scale), std::size_t(kBins - 1))];
            }
            auto percentile = [&](double p) {
                const auto target = std::size_t(p * double(film.pixels.size()));
                std::size_t sum = 0;
                for (int b = 0; b < kBins; ++b) {
                    sum += histogram[std::size_t(b)];
                    if (sum > target)
                        return lo + b / scale;
                }
                return double(film.maxValue);
            };
            const double x0 = percentile(0.30), x1 = std::max(percentile(0.995), x0 + 1.0);
            return Window{(x0 + x1 + 1.0) / 2.0, x1 - x0 + 1.0};
        }
        case WindowPreset::FullRange:
            break;
    }
    return fullRange(film);
}

std::vector<float> toUnitRange(const Film& film) {
    std::vector<float> out(film.pixels.size());
    if (!film.defaultWindow && film.voiLut && !film.voiLut->table.empty()) {
        const VoiLut& lut = *film.voiLut;
        const double scale = 1.0 / double((1u << std::clamp(lut.outputBits, 1, 16)) - 1u);
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = float(std::clamp(voiLookup(lut, film.pixels[i]) * scale, 0.0, 1.0));
        }
        return out;
    }
    const Window w = windowFor(film, WindowPreset::DicomDefault);
    if (w.width <= 1.0) {
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = double(film.pixels[i]) > w.centre - 0.5 ? 1.0f : 0.0f;
        return out;
    }
    // The DICOM linear window without the 8-bit quantisation: y = (x - (c - 0.5)) / (w - 1) + 0.5, in float
    // (within 1e-7 of double; the model reads 8-bit-deep contrast) so that the loop vectorises.
    const double a = 1.0 / (w.width - 1.0), b = 0.5 - (w.centre - 0.5) * a;
    const float fa = float(a), fb = float(b);
    const float* in = film.pixels.data();
    float* y = out.data();
    for (std::size_t i = 0; i < out.size(); ++i) {
        float v = in[i] * fa + fb;
        v = v < 0.0f ? 0.0f : v;
        y[i] = v > 1.0f ? 1.0f : v;
    }
    return out;
}

}  // namespace boneage::imaging
