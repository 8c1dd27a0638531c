#pragma once

#include <QImage>
#include <QRect>
#include <QRectF>
#include <QTransform>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "imaging/Film.h"
#include "imaging/Windowing.h"
#include "ui/FilmPyramid.h"

class QPainter;

namespace boneage::ui {

/// What the viewer paints, without a widget (Gwenview's RasterImageView without the view): a film through a
/// VOI window and inversion, and an optional Grad-CAM overlay.
///
/// The grey levels are exactly imaging::applyWindow() of window() and inverted(). Like a PACS viewer it
/// windows only what a paint needs: when a film pixel spans less than half a device pixel, a box-averaged
/// level of a FilmPyramid at about screen resolution (each pixel the mean of 2^k x 2^k film pixels, windowed
/// exactly), else the film itself; and of either only the part in view plus, after a pan or zoom, a margin,
/// so that panning re-windows only every so often (tile()). The overlay is drawn from a copy at the tile's
/// level, made once per level. Not thread-safe: one owner (the GUI thread).
class FilmRenderer {
public:
    /// Pixel (x, y) of `image` (RGB32 grey) is applyWindow() of level pixel region.topLeft() + (x, y) of
    /// pyramid level `level` (level pixels cover 2^level film pixels a side; 0 is the film).
    struct Tile {
        QImage image;
        int level = 0;
        QRect region;
    };

    /// Shows `film` (shared, never modified); drops the tile and the overlay. Keeps the window and inversion
    /// (the caller sets the film's own). Null leaves nothing to paint.
    void setFilm(std::shared_ptr<const imaging::Film> film);
    const imaging::Film* film() const { return m_film.get(); }
    const std::shared_ptr<const imaging::Film>& sharedFilm() const { return m_film; }

    /// The window; a width under 1 is raised to 1 (windowFor() never gives less).
    void setWindow(const imaging::Window& window);
    imaging::Window window() const { return m_window; }
    void setInverted(bool inverted);
    bool inverted() const { return m_inverted; }

    /// The overlay: a premultiplied ARGB image of the film's size (ui::heatmapImage()); null removes it.
    void setHeatmap(const QImage& heatmap);
    bool hasHeatmap() const { return !m_heatmap.isNull(); }

    /// The tile that paints the film when a film pixel spans `deviceScale` device pixels and `visibleFilm`
    /// (film pixel coordinates) is in view, brought up to date now. Re-windowed only when the window,
    /// inversion or level changed or the view left the tile. An empty tile without a film.
    const Tile& tile(double deviceScale, const QRectF& visibleFilm);

    /// Draws the film onto `painter` (whose transform maps film pixels to the device) through the tile for
    /// `deviceScale` and `visibleFilm`, minified smoothly and magnified with nearest neighbour so film pixels
    /// stay visible; then the overlay at `overlayOpacity` when given and there is one. Leaves the painter's
    /// state as it found it.
    void paint(QPainter& painter, double deviceScale, const QRectF& visibleFilm,
               std::optional<double> overlayOpacity);

    /// The whole film through the window and inversion: 8-bit grey at film resolution (null without a
    /// film). Computed on each call (a full-resolution pass), not what paints use.
    QImage displayedImage() const;

private:
    void updateTile(int level, const QRect& visible);
    const QImage& heatmapAtLevel(int level);

    std::shared_ptr<const imaging::Film> m_film;
    imaging::Window m_window;
    bool m_inverted = false;

    FilmPyramid m_pyramid;
    Tile m_tile;                       // RGB32, the raster engine's native format: painting converts nothing
    bool m_dirty = true;               // window or inversion changed since m_tile was windowed
    std::vector<std::uint8_t> m_grey;  // applyWindow's output, reused so that dragging allocates nothing
    imaging::Film m_crop;              // the region of a level when only part of it is in view

    QImage m_heatmap;
    QImage m_heatmapLevel;  // m_heatmap averaged down to m_heatmapLevelIndex's size, made once per level
    int m_heatmapLevelIndex = -1;
};

}  // namespace boneage::ui
