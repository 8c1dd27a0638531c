#include "engine/Resample.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>

namespace boneage::engine::detail {

namespace {

/// The taps of one output index along one axis: inputs [first, first + weights.size()).
struct Taps {
    std::vector<int> first;
    std::vector<int> count;
    std::vector<float> weights;  // output i's weights start at i * stride
    int stride = 0;
};

/// ATen's _compute_indices_weights_aa for the bilinear (triangle) filter: support = scale when
/// shrinking (so every input pixel counts), 1 when enlarging; the weights of each output normalised to 1.
Taps antialiasTaps(int in, int out) {
    const double scale = double(in) / double(out);
    const double support = scale >= 1.0 ? scale : 1.0;
    const double invscale = scale >= 1.0 ? 1.0 / scale : 1.0;
    Taps t;
    t.stride = int(std::ceil(support)) * 2 + 1;
    t.first.resize(std::size_t(out));
    t.count.resize(std::size_t(out));
    t.weights.assign(std::size_t(out) * std::size_t(t.stride), 0.0f);
    for (int i = 0; i < out; ++i) {
        const double center = scale * (i + 0.5);
        const int lo = std::max(int(std::int64_t(center - support + 0.5)), 0);
        const int hi = std::min(int(std::int64_t(center + support + 0.5)), in);
        const int n = std::min(hi - lo, t.stride);
        double total = 0;
        std::vector<double> w(std::size_t(std::max(n, 0)));
        for (int j = 0; j < n; ++j) {
            const double x = (j + lo - center + 0.5) * invscale;
            w[std::size_t(j)] = std::max(0.0, 1.0 - std::fabs(x));
            total += w[std::size_t(j)];
        }
        for (int j = 0; j < n; ++j)
            t.weights[std::size_t(i) * std::size_t(t.stride) + std::size_t(j)] =
                float(total > 0 ? w[std::size_t(j)] / total : w[std::size_t(j)]);
        t.first[std::size_t(i)] = lo;
        t.count[std::size_t(i)] = std::max(n, 0);
    }
    return t;
}

/// ATen's linear source index (align_corners=false): the two inputs and the second one's weight.
struct Lerp {
    int i0, i1;
    float l1;
};

std::vector<Lerp> bilinearTaps(int in, int out) {
    const double scale = double(in) / double(out);
    std::vector<Lerp> taps(std::size_t(out), Lerp{0, 0, 0.0f});
    for (int o = 0; o < out; ++o) {
        const double source = std::max(scale * (o + 0.5) - 0.5, 0.0);
        const int i0 = std::min(int(source), in - 1);
        const int i1 = i0 + (i0 < in - 1 ? 1 : 0);
        taps[std::size_t(o)] = {i0, i1, float(std::clamp(source - i0, 0.0, 1.0))};
    }
    return taps;
}

/// Runs body(begin, end) over [0, n) split into at most at::get_num_threads() parts, one on the calling
/// thread. (at::parallel_for would run serially here: its OpenMP body is inline and this file is not
/// built with -fopenmp, which clang's sanitizer build could not link against LibTorch's libgomp anyway.)
template <class Body>
void parallelRows(std::int64_t n, std::int64_t minimumPerPart, const Body& body) {
    const std::int64_t parts = std::max<std::int64_t>(
        1, std::min<std::int64_t>(at::get_num_threads(), n / std::max<std::int64_t>(1, minimumPerPart)));
    const std::int64_t step = (n + parts - 1) / parts;
    std::vector<std::thread> helpers;
    for (std::int64_t begin = step; begin < n; begin += step)
        helpers.emplace_back([&body, begin, end = std::min(n, begin + step)] { body(begin, end); });
    body(0, std::min(n, step));
    for (std::thread& t : helpers)
        t.join();
}

// Rows per part: enough to be worth a thread.
constexpr std::int64_t kGrain = 8;

}  // namespace

void resizeAntialiased(const float* src, int srcW, int srcH, float* dst, int dstW, int dstH) {
    const Taps rows = antialiasTaps(srcH, dstH);
    const Taps cols = antialiasTaps(srcW, dstW);
    // Rows first: dstH rows of srcW, each the weighted sum of a few whole film rows.
    std::vector<float> tall(std::size_t(dstH) * std::size_t(srcW));
    parallelRows(dstH, kGrain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            float* acc = tall.data() + std::size_t(i) * std::size_t(srcW);
            std::fill(acc, acc + srcW, 0.0f);
            const float* w = rows.weights.data() + std::size_t(i) * std::size_t(rows.stride);
            for (int k = 0; k < rows.count[std::size_t(i)]; ++k) {
                const float* row = src + std::size_t(rows.first[std::size_t(i)] + k) * std::size_t(srcW);
                const float wk = w[k];
#pragma GCC ivdep
                for (int x = 0; x < srcW; ++x)
                    acc[x] += wk * row[x];
            }
        }
    });
    // Then each of those rows across.
    parallelRows(dstH, kGrain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            const float* row = tall.data() + std::size_t(i) * std::size_t(srcW);
            float* out = dst + std::size_t(i) * std::size_t(dstW);
            for (int o = 0; o < dstW; ++o) {
                const float* w = cols.weights.data() + std::size_t(o) * std::size_t(cols.stride);
                const float* in = row + cols.first[std::size_t(o)];
                float sum = 0;
                for (int k = 0; k < cols.count[std::size_t(o)]; ++k)
                    sum += w[k] * in[k];
                out[o] = sum;
            }
        }
    });
}

void upsampleBilinear(const float* src, int srcW, int srcH, float* dst, int dstW, int dstH) {
    const std::vector<Lerp> across = bilinearTaps(srcW, dstW);
    const std::vector<Lerp> down = bilinearTaps(srcH, dstH);
    // Each source row across to the full width first (srcH x dstW: small), then two of them per output row.
    std::vector<float> wide(std::size_t(srcH) * std::size_t(dstW));
    for (int y = 0; y < srcH; ++y) {
        const float* in = src + std::size_t(y) * std::size_t(srcW);
        float* out = wide.data() + std::size_t(y) * std::size_t(dstW);
        for (int x = 0; x < dstW; ++x) {
            const Lerp& t = across[std::size_t(x)];
            out[x] = (1.0f - t.l1) * in[t.i0] + t.l1 * in[t.i1];
        }
    }
    parallelRows(dstH, kGrain * 8, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t y = begin; y < end; ++y) {
            const Lerp& t = down[std::size_t(y)];
            const float* a = wide.data() + std::size_t(t.i0) * std::size_t(dstW);
            const float* b = wide.data() + std::size_t(t.i1) * std::size_t(dstW);
            const float l1 = t.l1, l0 = 1.0f - t.l1;
            float* out = dst + std::size_t(y) * std::size_t(dstW);
#pragma GCC ivdep
            for (int x = 0; x < dstW; ++x)
                out[x] = l0 * a[x] + l1 * b[x];
        }
    });
}

}  // namespace boneage::engine::detail
