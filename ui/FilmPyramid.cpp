#include "ui/FilmPyramid.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace boneage::ui {

namespace {

constexpr int kMaxLevel = 6;
constexpr int kMinSide = 32;

int reducedSide(int side, int level) {
    return int((std::int64_t(side) + FilmPyramid::factor(level) - 1) >> level);
}

/// Level k from level k - 1 (`above`, whose pixels cover `step` x `step` film pixels of a `filmWidth` x
/// `filmHeight` film). Inside, each pixel is the plain mean of a 2 x 2 block of equal weights; on the last
/// column and row, where a block is cut by the film's edge, the means are weighted by the film pixels each
/// pixel of `above` covers, so the result is still the film's area mean.
imaging::Film reduce(const imaging::Film& above, int step, int filmWidth, int filmHeight) {
    const int aw = above.width, ah = above.height;
    imaging::Film out;
    out.width = (aw + 1) / 2;
    out.height = (ah + 1) / 2;
    out.bitsStored = above.bitsStored;
    out.pixels.resize(std::size_t(out.width) * std::size_t(out.height));
    auto colWeight = [&](int x) { return float(std::min((x + 1) * step, filmWidth) - x * step); };
    auto rowWeight = [&](int y) { return float(std::min((y + 1) * step, filmHeight) - y * step); };
    // Output columns and rows fed by two equally weighted inputs.
    const int evenCols = aw / 2 - (aw % 2 == 0 && colWeight(aw - 1) != colWeight(0) ? 1 : 0);
    const int evenRows = ah / 2 - (ah % 2 == 0 && rowWeight(ah - 1) != rowWeight(0) ? 1 : 0);
    const float* src = above.pixels.data();
    auto at = [&](int x, int y) { return src[std::size_t(y) * std::size_t(aw) + std::size_t(x)]; };
    auto weighted = [&](int ox, int oy) {
        float sum = 0, weights = 0;
        for (int y = 2 * oy; y < std::min(2 * oy + 2, ah); ++y) {
            for (int x = 2 * ox; x < std::min(2 * ox + 2, aw); ++x) {
                const float w = colWeight(x) * rowWeight(y);
                sum += w * at(x, y);
                weights += w;
            }
        }
        return sum / weights;
    };
    for (int oy = 0; oy < out.height; ++oy) {
        float* dst = out.pixels.data() + std::size_t(oy) * std::size_t(out.width);
        if (oy < evenRows) {
            const float* r0 = src + std::size_t(2 * oy) * std::size_t(aw);
            const float* r1 = r0 + aw;
            for (int ox = 0; ox < evenCols; ++ox) {
                dst[ox] = (r0[2 * ox] + r0[2 * ox + 1] + r1[2 * ox] + r1[2 * ox + 1]) * 0.25f;
            }
            for (int ox = evenCols; ox < out.width; ++ox)
                dst[ox] = weighted(ox, oy);
        } else {
            for (int ox = 0; ox < out.width; ++ox)
                dst[ox] = weighted(ox, oy);
        }
    }
    const auto [lo, hi] = std::minmax_element(out.pixels.begin(), out.pixels.end());
    out.minValue = *lo;
    out.maxValue = *hi;
    return out;
}

}  // namespace

void FilmPyramid::reset(std::shared_ptr<const imaging::Film> film) {
    m_film = std::move(film);
    m_reduced.clear();
    m_levelCount = 0;
    if (!m_film || m_film->width <= 0 || m_film->height <= 0 ||
        m_film->pixels.size() != std::size_t(m_film->width) * std::size_t(m_film->height)) {
        m_levelCount = m_film ? 1 : 0;
        return;
    }
    m_levelCount = 1;
    while (m_levelCount <= kMaxLevel && std::max(reducedSide(m_film->width, m_levelCount),
                                                 reducedSide(m_film->height, m_levelCount)) >= kMinSide) {
        ++m_levelCount;
    }
    m_reduced.resize(std::size_t(m_levelCount - 1));
}

int FilmPyramid::levelFor(double deviceScale) const {
    int level = 0;
    while (level + 1 < m_levelCount && double(factor(level + 1)) * deviceScale <= 1.0 + 1e-9)
        ++level;
    return level;
}

const imaging::Film& FilmPyramid::level(int level) {
    level = std::clamp(level, 0, std::max(0, m_levelCount - 1));
    if (level == 0)
        return *m_film;
    std::unique_ptr<imaging::Film>& slot = m_reduced[std::size_t(level - 1)];
    if (!slot) {
        const imaging::Film& above = this->level(level - 1);
        slot =
            std::make_unique<imaging::Film>(reduce(above, factor(level - 1), m_film->width, m_film->height));
    }
    return *slot;
}

}  // namespace boneage::ui
