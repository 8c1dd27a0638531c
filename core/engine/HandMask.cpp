#include "engine/HandMask.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "common/Error.h"

namespace boneage::engine {

namespace {

using Histogram = std::array<double, 256>;

/// Histogram of 8-bit values, of all pixels or only of those where `within` is set.
Histogram histogramOf(const std::vector<unsigned char>& values, const std::vector<unsigned char>* within) {
    Histogram histogram{};
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!within || (*within)[i])
            histogram[values[i]] += 1;
    }
    return histogram;
}

/// The smallest value whose cumulative count reaches fraction * total.
int percentileValue(const Histogram& histogram, double total, double fraction) {
    double cumulative = 0;
    for (int v = 0; v < 256; ++v) {
        cumulative += histogram[std::size_t(v)];
        if (cumulative >= fraction * total)
            return v;
    }
    return 255;
}

/// v -> round(255 * clamp((log max(v,f) - log max(lo,f)) / (log max(hi,f) - log max(lo,f)), 0, 1)) with the
/// floor f = max(1, hi / 16), in double precision (as hand_mask.py's log_levels); all 0 when that span is
/// empty. On log intensities a gamma is an affine map, which the percentiles follow: the mask does not move
/// with a film's exposure curve. The floor makes everything below 1/16 of the bright level one black, so
/// that the log does not spread a black background's noise over half the scale.
std::array<unsigned char, 256> logLevels(int lo, int hi) {
    std::array<unsigned char, 256> levels{};
    const int floor = std::max(1, hi / 16);
    const double a = std::log(double(std::max(lo, floor))), b = std::log(double(std::max(hi, floor)));
    if (b <= a)
        return levels;
    for (int v = 0; v < 256; ++v) {
        const double t = std::clamp((std::log(double(std::max(v, floor))) - a) / (b - a), 0.0, 1.0);
        levels[std::size_t(v)] = (unsigned char)std::floor(t * 255.0 + 0.5);
    }
    return levels;
}

/// Otsu's threshold t (background = values <= t) maximising w_b * w_f * (mu_b - mu_f)^2; the first
/// maximum wins. A histogram with a single value (no split) gives 0, as models/boneage_models/hand_mask.py
/// does (its argmax over all-invalid splits); the product is formed in the same order as there.
int otsuThreshold(const Histogram& histogram) {
    double total = 0, sumAll = 0;
    for (std::size_t v = 0; v < 256; ++v) {
        total += histogram[v];
        sumAll += double(v) * histogram[v];
    }
    double weightBackground = 0, sumBackground = 0, bestVariance = -1;
    int threshold = 0;
    for (std::size_t t = 0; t < 256; ++t) {
        weightBackground += histogram[t];
        sumBackground += double(t) * histogram[t];
        const double weightForeground = total - weightBackground;
        if (weightBackground == 0 || weightForeground == 0)
            continue;
        const double meanBackground = sumBackground / weightBackground;
        const double meanForeground = (sumAll - sumBackground) / weightForeground;
        const double difference = meanBackground - meanForeground;
        const double variance = (weightBackground * weightForeground) * (difference * difference);
        if (variance > bestVariance) {
            bestVariance = variance;
            threshold = int(t);
        }
    }
    return threshold;
}

/// Visits, breadth first, the 8-connected pixels reachable from the queued seeds whose mask value equals
/// `value`, marking each in `seen`; returns how many were visited. The queue is used as scratch.
std::size_t flood(const std::vector<unsigned char>& mask, unsigned char value, int width, int height,
                  std::vector<unsigned char>& seen, std::vector<std::size_t>& queue) {
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::size_t index = queue[head];
        const int x = int(index % std::size_t(width)), y = int(index / std::size_t(width));
        for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
                const int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                    continue;
                const std::size_t neighbour = std::size_t(ny) * std::size_t(width) + std::size_t(nx);
                if (!seen[neighbour] && mask[neighbour] == value) {
                    seen[neighbour] = 1;
                    queue.push_back(neighbour);
                }
            }
        }
    }
    return queue.size();
}

/// Keeps only the largest 8-connected foreground component (on a tie, the one met first in row-major
/// order). Returns false when there is no foreground.
bool keepLargestComponent(std::vector<unsigned char>& mask, int width, int height) {
    std::vector<unsigned char> seen(mask.size(), 0);
    std::vector<std::size_t> queue;
    std::size_t bestSize = 0, bestSeed = 0;
    for (std::size_t i = 0; i < mask.size(); ++i) {
        if (!mask[i] || seen[i])
            continue;
        seen[i] = 1;
        queue.assign(1, i);
        const std::size_t size = flood(mask, 1, width, height, seen, queue);
        if (size > bestSize) {
            bestSize = size;
            bestSeed = i;
        }
    }
    if (bestSize == 0)
        return false;
    std::fill(seen.begin(), seen.end(), 0);
    seen[bestSeed] = 1;
    queue.assign(1, bestSeed);
    flood(mask, 1, width, height, seen, queue);
    mask = std::move(seen);
    return true;
}

/// Makes foreground every background pixel not 8-connected, through background, to the image border.
void fillHoles(std::vector<unsigned char>& mask, int width, int height) {
    std::vector<unsigned char> outside(mask.size(), 0);
    std::vector<std::size_t> queue;
    const auto seed = [&](int x, int y) {
        const std::size_t index = std::size_t(y) * std::size_t(width) + std::size_t(x);
        if (!mask[index] && !outside[index]) {
            outside[index] = 1;
            queue.push_back(index);
        }
    };
    for (int x = 0; x < width; ++x) {
        seed(x, 0);
        seed(x, height - 1);
    }
    for (int y = 0; y < height; ++y) {
        seed(0, y);
        seed(width - 1, y);
    }
    flood(mask, 0, width, height, outside, queue);
    for (std::size_t i = 0; i < mask.size(); ++i)
        mask[i] = outside[i] ? 0 : 1;
}

/// Largest component, holes filled. Returns false when there is no foreground.
bool solidify(std::vector<unsigned char>& mask, int width, int height) {
    if (!keepLargestComponent(mask, width, height))
        return false;
    fillHoles(mask, width, height);
    return true;
}

std::size_t countOf(const std::vector<unsigned char>& mask) {
    return std::size_t(std::count_if(mask.begin(), mask.end(), [](unsigned char v) { return v != 0; }));
}

/// Area of the bounding box of the mask's foreground (0 when there is none).
std::size_t boundingBoxArea(const std::vector<unsigned char>& mask, int width, int height) {
    int minX = width, minY = height, maxX = -1, maxY = -1;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (mask[std::size_t(y) * std::size_t(width) + std::size_t(x)]) {
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
        }
    }
    return maxX < 0 ? 0 : std::size_t(maxX - minX + 1) * std::size_t(maxY - minY + 1);
}

}  // namespace

std::vector<unsigned char> handMask(const Image& image) {
    const std::size_t n = image.pixels.size();
    if (image.width < 0 || image.height < 0 || n != std::size_t(image.width) * std::size_t(image.height)) {
        throw Error(ErrorCode::Internal, "", "image size and pixel count differ");
    }
    std::vector<unsigned char> mask(n, 0);
    if (n == 0)
        return mask;

    // 1-2. Quantise, then map log intensities between the 1st and 99th percentile onto 0..255 (clamped, so
    // that a few bright marker pixels cannot pull the threshold up to themselves).
    std::vector<unsigned char> clamped(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float x = image.pixels[i];
        clamped[i] = (unsigned char)((x > 0.0f ? std::min(x, 1.0f) : 0.0f) * 255.0f + 0.5f);  // NaN -> 0
    }
    const Histogram histogram = histogramOf(clamped, nullptr);
    const int lo = percentileValue(histogram, double(n), 0.01);
    const int hi = percentileValue(histogram, double(n), 0.99);
    if (hi <= lo)
        return mask;
    const std::array<unsigned char, 256> levels = logLevels(lo, hi);
    for (auto& v : clamped)
        v = levels[v];

    // 3-4. Otsu foreground, its largest component, holes filled.
    const int threshold = otsuThreshold(histogramOf(clamped, nullptr));
    for (std::size_t i = 0; i < n; ++i)
        mask[i] = clamped[i] > threshold ? 1 : 0;
    if (!solidify(mask, image.width, image.height))
        return mask;

    // 5. A mask that nearly fills its bounding box is a bright cassette or collimated field, not a hand:
    // threshold once more inside it.
    if (double(countOf(mask)) > 0.85 * double(boundingBoxArea(mask, image.width, image.height))) {
        const int inner = otsuThreshold(histogramOf(clamped, &mask));
        for (std::size_t i = 0; i < n; ++i)
            mask[i] = mask[i] && clamped[i] > inner ? 1 : 0;
        solidify(mask, image.width, image.height);
    }
    return mask;
}

}  // namespace boneage::engine
