#include "ui/FilmRenderer.h"

#include <QPainter>
#include <algorithm>

namespace boneage::ui {

void FilmRenderer::setFilm(std::shared_ptr<const imaging::Film> film) {
    m_film = std::move(film);
    m_heatmap = QImage();
    m_dirty = true;
    m_tile = Tile();
    m_heatmapLevel = QImage();
    m_heatmapLevelIndex = -1;
    m_pyramid.reset(m_film);
}

void FilmRenderer::setWindow(const imaging::Window& window) {
    m_window.centre = window.centre;
    m_window.width = std::max(1.0, window.width);
    m_dirty = true;
}

void FilmRenderer::setInverted(bool inverted) {
    if (m_inverted == inverted)
        return;
    m_inverted = inverted;
    m_dirty = true;
}

void FilmRenderer::setHeatmap(const QImage& heatmap) {
    m_heatmap = heatmap;
    m_heatmapLevel = QImage();
    m_heatmapLevelIndex = -1;
}

QImage FilmRenderer::displayedImage() const {
    if (!m_film)
        return QImage();
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(*m_film, m_window, m_inverted, grey);
    return QImage(grey.data(), m_film->width, m_film->height, m_film->width, QImage::Format_Grayscale8)
        .copy();
}

const FilmRenderer::Tile& FilmRenderer::tile(double deviceScale, const QRectF& visibleFilm) {
    if (!m_film || m_pyramid.levelCount() == 0) {
        m_tile = Tile();
        return m_tile;
    }
    const int level = m_pyramid.levelFor(deviceScale);
    const imaging::Film& source = m_pyramid.level(level);
    const double f = FilmPyramid::factor(level);
    const QRectF inLevel(visibleFilm.left() / f, visibleFilm.top() / f, visibleFilm.width() / f,
                         visibleFilm.height() / f);
    updateTile(level, inLevel.toAlignedRect().intersected(QRect(0, 0, source.width, source.height)));
    return m_tile;
}

void FilmRenderer::updateTile(int level, const QRect& visible) {
    const imaging::Film& source = m_pyramid.level(level);
    const QRect bounds(0, 0, source.width, source.height);
    if (!m_dirty && level == m_tile.level && !m_tile.image.isNull() && m_tile.region.contains(visible))
        return;
    // After a pan or zoom, window a margin around the view too, so that panning re-windows only every so
    // often; a new window (a drag step) re-windows just what shows.
    const int mx = m_dirty ? 0 : std::max(32, visible.width() / 8);
    const int my = m_dirty ? 0 : std::max(32, visible.height() / 8);
    QRect region = visible.adjusted(-mx, -my, mx, my).intersected(bounds);
    if (region.isEmpty())
        region = QRect(0, 0, 1, 1);
    const std::size_t rw = std::size_t(region.width());
    m_grey.resize(rw * std::size_t(region.height()));
    if (level > 0) {
        // Box averages are fractional: window each row with imaging's vectorised run function.
        for (int y = 0; y < region.height(); ++y) {
            const float* row = source.pixels.data() +
                               std::size_t(region.y() + y) * std::size_t(source.width) +
                               std::size_t(region.x());
            imaging::applyWindow(row, rw, m_window, m_inverted, m_grey.data() + std::size_t(y) * rw);
        }
    } else if (region == bounds) {
        imaging::applyWindow(source, m_window, m_inverted, m_grey);
    } else {
        // Window a copy of just the region: the same function of each pixel (min and max stay bounds of it).
        m_crop.width = region.width();
        m_crop.height = region.height();
        m_crop.minValue = source.minValue;
        m_crop.maxValue = source.maxValue;
        m_crop.pixels.resize(rw * std::size_t(region.height()));
        for (int y = 0; y < region.height(); ++y) {
            const float* row = source.pixels.data() +
                               std::size_t(region.y() + y) * std::size_t(source.width) +
                               std::size_t(region.x());
            std::copy(row, row + rw, m_crop.pixels.data() + std::size_t(y) * rw);
        }
        imaging::applyWindow(m_crop, m_window, m_inverted, m_grey);
    }
    if (m_tile.image.size() != region.size() || m_tile.image.format() != QImage::Format_RGB32)
        m_tile.image = QImage(region.size(), QImage::Format_RGB32);
    for (int y = 0; y < region.height(); ++y) {
        const std::uint8_t* g = m_grey.data() + std::size_t(y) * std::size_t(region.width());
        auto* out = reinterpret_cast<std::uint32_t*>(m_tile.image.scanLine(y));
        for (int x = 0; x < region.width(); ++x)
            out[x] = 0xff000000u | std::uint32_t(g[x]) * 0x010101u;
    }
    m_tile.level = level;
    m_tile.region = region;
    m_dirty = false;
}

const QImage& FilmRenderer::heatmapAtLevel(int level) {
    if (level == 0)
        return m_heatmap;
    // The overlay is smooth by nature: a copy at the tile's level, made once per level.
    if (m_heatmapLevelIndex != level) {
        const imaging::Film& reduced = m_pyramid.level(level);
        m_heatmapLevel =
            m_heatmap.scaled(reduced.width, reduced.height, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        m_heatmapLevelIndex = level;
    }
    return m_heatmapLevel;
}

void FilmRenderer::paint(QPainter& painter, double deviceScale, const QRectF& visibleFilm,
                         std::optional<double> overlayOpacity) {
    if (!m_film)
        return;
    const Tile& t = tile(deviceScale, visibleFilm);
    painter.save();
    // The tile's level pixels onto the film rectangle they cover (the last column and row of a reduced level
    // may cover less than 2^level film pixels).
    const double f = FilmPyramid::factor(t.level);
    const QRect& r = t.region;
    const QRectF target(QPointF(r.x() * f, r.y() * f),
                        QPointF(std::min((r.x() + r.width()) * f, double(m_film->width)),
                                std::min((r.y() + r.height()) * f, double(m_film->height))));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, deviceScale * f < 1.0);
    painter.drawImage(target, t.image, QRectF(0, 0, target.width() / f, target.height() / f));
    if (overlayOpacity && !m_heatmap.isNull()) {
        const QImage& heatmap = heatmapAtLevel(t.level);
        painter.setOpacity(*overlayOpacity);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(QRectF(0, 0, m_film->width, m_film->height), heatmap);
    }
    painter.restore();
}

}  // namespace boneage::ui
