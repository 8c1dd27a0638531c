#pragma once

#include <memory>
#include <vector>

#include "imaging/Film.h"

namespace boneage::ui {

/// Box-averaged reductions of a film, for painting it zoomed out at about the screen's resolution instead of
/// resampling every film pixel on every frame (a mipmap).
///
/// Level 0 is the film itself; level k has ceil(width / 2^k) x ceil(height / 2^k) pixels, each the mean of
/// the 2^k x 2^k film pixels it covers (a block cut by the right or bottom edge averages the pixels that
/// exist, so every level pixel is an exact area mean of the film). Levels are built on first use, each from
/// the one above it (about 5 ms for the first level of a 2048 x 2560 film), and kept until the film changes;
/// all of them together take a third of the film's memory. Only Film::width, height, pixels, minValue,
/// maxValue and bitsStored are set on a reduced level, which is all imaging::applyWindow() reads. Not
/// thread-safe: one owner (the GUI thread).
class FilmPyramid {
public:
    /// Drops the levels of the previous film; null leaves the pyramid empty (levelCount() 0).
    void reset(std::shared_ptr<const imaging::Film> film);

    /// Levels available (at least 1 with a film): reduction stops before a level's longer side falls under
    /// 32 pixels, and after 6 levels.
    int levelCount() const { return m_levelCount; }
    /// Film pixels per level pixel along each axis: 2^level.
    static int factor(int level) { return 1 << level; }
    /// The coarsest level whose pixels are still no larger than a device pixel when a film pixel spans
    /// `deviceScale` device pixels, so that painting it only ever minifies (0 at 50 % zoom and above).
    int levelFor(double deviceScale) const;
    /// Level `level` (0 <= level < levelCount()), built now if needed. The reference stays valid until
    /// reset().
    const imaging::Film& level(int level);

private:
    std::shared_ptr<const imaging::Film> m_film;
    std::vector<std::unique_ptr<imaging::Film>> m_reduced;  // [k - 1] is level k; null until built
    int m_levelCount = 0;
};

}  // namespace boneage::ui
