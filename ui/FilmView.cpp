#include "ui/FilmView.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QUrl>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace boneage::ui {

namespace {
constexpr double kWheelStep = 1.15;  // zoom factor per wheel notch
}

FilmView::FilmView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setContextMenuPolicy(Qt::PreventContextMenu);  // the right button adjusts the window
    setMinimumSize(200, 200);
}

FilmView::~FilmView() = default;

void FilmView::setFilm(std::shared_ptr<const imaging::Film> film, imaging::WindowPreset preset) {
    m_film = std::move(film);
    m_heatmap = QImage();
    m_readout.clear();
    m_dirty = true;
    m_tile = DisplayTile();
    m_heatmapLevel = QImage();
    m_heatmapLevelIndex = -1;
    m_pyramid.reset(m_film);
    if (m_film) {
        m_view.setImageSize(QSizeF(m_film->width, m_film->height));
        m_view.resetOrientation();
        m_inverted = false;
        m_window = imaging::windowFor(*m_film, preset);
        m_view.fit(size());
        m_fitted = true;
        Q_EMIT windowChanged(m_window.centre, m_window.width);
    }
    Q_EMIT viewChanged();
    update();
}

void FilmView::setWindow(const imaging::Window& window) {
    m_window.centre = window.centre;
    m_window.width = std::max(1.0, window.width);  // windowFor() never gives less
    m_dirty = true;
    Q_EMIT windowChanged(m_window.centre, m_window.width);
    update();
}

void FilmView::applyPreset(imaging::WindowPreset preset) {
    if (!m_film)
        return;
    setWindow(imaging::windowFor(*m_film, preset));
}

void FilmView::setInverted(bool inverted) {
    if (m_inverted == inverted)
        return;
    m_inverted = inverted;
    m_dirty = true;
    Q_EMIT viewChanged();
    update();
}

double FilmView::windowSensitivity() const {
    if (!m_film)
        return 1.0;
    return std::max(1e-3, double(m_film->maxValue) - double(m_film->minValue)) / 512.0;
}

void FilmView::setHeatmap(const QImage& heatmap) {
    m_heatmap = heatmap;
    m_heatmapLevel = QImage();
    m_heatmapLevelIndex = -1;
    update();
}

void FilmView::setOverlayVisible(bool visible) {
    if (m_overlayVisible == visible)
        return;
    m_overlayVisible = visible;
    update();
}

void FilmView::setOverlayOpacity(double opacity) {
    m_overlayOpacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

QImage FilmView::displayedImage() const {
    if (!m_film)
        return QImage();
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(*m_film, m_window, m_inverted, grey);
    return QImage(grey.data(), m_film->width, m_film->height, m_film->width, QImage::Format_Grayscale8)
        .copy();
}

FilmView::DisplayTile FilmView::displayTile() {
    updateTile();
    return m_tile;
}

int FilmView::tileLevel() const {
    return m_pyramid.levelFor(m_view.scale() * devicePixelRatioF());
}

QRect FilmView::visibleRegion(int level, const imaging::Film& levelFilm) const {
    const double f = FilmPyramid::factor(level);
    const QRectF film = m_view.viewToImage().mapRect(QRectF(rect()));
    const QRectF inLevel(film.left() / f, film.top() / f, film.width() / f, film.height() / f);
    return inLevel.toAlignedRect().intersected(QRect(0, 0, levelFilm.width, levelFilm.height));
}

void FilmView::updateTile() {
    if (!m_film || m_pyramid.levelCount() == 0) {
        m_tile = DisplayTile();
        return;
    }
    const int level = tileLevel();
    const imaging::Film& source = m_pyramid.level(level);
    const QRect bounds(0, 0, source.width, source.height);
    const QRect visible = visibleRegion(level, source);
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

void FilmView::fitToWindow() {
    m_view.fit(size());
    m_fitted = true;
    Q_EMIT viewChanged();
    update();
}

void FilmView::zoomIn() {
    m_view.zoomAround(kWheelStep * kWheelStep, rect().center());
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
}

void FilmView::zoomOut() {
    m_view.zoomAround(1.0 / (kWheelStep * kWheelStep), rect().center());
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
}

void FilmView::zoomActualPixels() {
    m_view.setScaleAround(1.0 / devicePixelRatioF(), rect().center());
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
}

void FilmView::rotateClockwise() {
    m_view.rotateClockwise();
    if (m_fitted)
        m_view.fit(size());
    Q_EMIT viewChanged();
    update();
}

void FilmView::flipHorizontal() {
    m_view.flipHorizontal();
    Q_EMIT viewChanged();
    update();
}

void FilmView::resetView() {
    m_view.resetOrientation();
    m_inverted = false;
    m_dirty = true;
    applyPreset(m_defaultPreset);
    fitToWindow();
}

void FilmView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_fitted)
        m_view.fit(size());
}

void FilmView::paintEvent(QPaintEvent*) {
    QElapsedTimer timer;
    timer.start();
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0, 0, 0));
    if (!m_film) {
        painter.setPen(QColor(140, 150, 165));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        painter.setFont(f);
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("Open a hand radiograph (DICOM or PNG)\nor drop files here"));
        return;
    }
    updateTile();
    painter.save();
    painter.setTransform(m_view.imageToView());
    // The tile's level pixels onto the film rectangle they cover (the last column and row of a reduced level
    // may cover less than 2^level film pixels). Minify smoothly; magnify with nearest neighbour so film
    // pixels stay visible for the readout.
    const double f = FilmPyramid::factor(m_tile.level);
    const QRect& r = m_tile.region;
    const QRectF target(QPointF(r.x() * f, r.y() * f),
                        QPointF(std::min((r.x() + r.width()) * f, double(m_film->width)),
                                std::min((r.y() + r.height()) * f, double(m_film->height))));
    const double deviceScale = m_view.scale() * devicePixelRatioF();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, deviceScale * f < 1.0);
    painter.drawImage(target, m_tile.image, QRectF(0, 0, target.width() / f, target.height() / f));
    if (m_overlayVisible && !m_heatmap.isNull()) {
        // The overlay is smooth by nature: draw it from a copy at the tile's level, made once per level.
        const QImage* heatmap = &m_heatmap;
        if (m_tile.level > 0) {
            if (m_heatmapLevelIndex != m_tile.level) {
                const imaging::Film& level = m_pyramid.level(m_tile.level);
                m_heatmapLevel = m_heatmap.scaled(level.width, level.height, Qt::IgnoreAspectRatio,
                                                  Qt::SmoothTransformation);
                m_heatmapLevelIndex = m_tile.level;
            }
            heatmap = &m_heatmapLevel;
        }
        painter.setOpacity(m_overlayOpacity);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(QRectF(0, 0, m_film->width, m_film->height), *heatmap);
    }
    painter.restore();
    drawAnnotations(painter);
    m_lastPaintMs = double(timer.nsecsElapsed()) / 1e6;
}

void FilmView::drawAnnotations(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont f = font();
    f.setPointSizeF(std::max(8.0, f.pointSizeF() * 0.95));
    painter.setFont(f);
    const QFontMetrics fm(f);
    const int margin = 10;
    auto drawShadowed = [&](const QRect& box, int flags, const QString& text) {
        painter.setPen(QColor(0, 0, 0, 200));
        painter.drawText(box.translated(1, 1), flags, text);
        painter.setPen(QColor(232, 214, 140));  // the amber of reading-room overlays
        painter.drawText(box, flags, text);
    };
    const QRect box = rect().adjusted(margin, margin, -margin, -margin);
    QString wl = tr("W %1  L %2").arg(m_window.width, 0, 'f', 0).arg(m_window.centre, 0, 'f', 0);
    if (m_inverted)
        wl += tr("  inverted");
    const QString zoom = tr("Zoom %1%").arg(m_view.scale() * devicePixelRatioF() * 100.0, 0, 'f', 0);
    drawShadowed(box, Qt::AlignLeft | Qt::AlignBottom, wl + QLatin1Char('\n') + zoom);
    if (!m_readout.isEmpty())
        drawShadowed(box, Qt::AlignRight | Qt::AlignBottom, m_readout);
    QString orientation;
    if (m_view.quarterTurns())
        orientation += tr("Rotated %1\u00b0").arg(90 * m_view.quarterTurns());
    if (m_view.flipped())
        orientation += (orientation.isEmpty() ? QString() : QStringLiteral("  ")) + tr("Flipped");
    if (!orientation.isEmpty())
        drawShadowed(box, Qt::AlignRight | Qt::AlignTop, orientation);
    Q_UNUSED(fm);
}

void FilmView::updateReadout(QPointF viewPos) {
    QString text;
    if (m_film) {
        const QPointF p = m_view.viewToImage().map(viewPos);
        const int x = int(std::floor(p.x())), y = int(std::floor(p.y()));
        if (x >= 0 && y >= 0 && x < m_film->width && y < m_film->height) {
            const float v = m_film->pixels[std::size_t(y) * std::size_t(m_film->width) + std::size_t(x)];
            text =
                tr("x %1  y %2  value %3").arg(x).arg(y).arg(double(v), 0, 'f', v == std::floor(v) ? 0 : 2);
        }
    }
    if (text != m_readout) {
        m_readout = text;
        Q_EMIT cursorReadoutChanged(text);
        update();
    }
}

void FilmView::wheelEvent(QWheelEvent* event) {
    if (!m_film)
        return;
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0)
        return;
    m_view.zoomAround(std::pow(kWheelStep, notches), event->position());
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
    event->accept();
}

void FilmView::mousePressEvent(QMouseEvent* event) {
    m_lastPos = event->position();
    if (event->button() == Qt::RightButton ||
        (event->button() == Qt::LeftButton && m_dragMode == DragMode::WindowLevel)) {
        m_drag = Drag::Window;
    } else if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    }
    event->accept();
}

void FilmView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    const QPointF delta = pos - m_lastPos;
    m_lastPos = pos;
    if (m_film && m_drag == Drag::Pan) {
        m_view.pan(delta);
        m_fitted = false;
        Q_EMIT viewChanged();
        update();
    } else if (m_film && m_drag == Drag::Window) {
        // Right = wider (less contrast), down = higher level (darker), as on most PACS viewers.
        const double s = windowSensitivity();
        setWindow({m_window.centre + delta.y() * s, std::max(s, m_window.width + delta.x() * s)});
    }
    updateReadout(pos);
}

void FilmView::mouseReleaseEvent(QMouseEvent* event) {
    m_drag = Drag::None;
    unsetCursor();
    event->accept();
}

void FilmView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        fitToWindow();
}

void FilmView::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    if (!m_readout.isEmpty()) {
        m_readout.clear();
        Q_EMIT cursorReadoutChanged(QString());
        update();
    }
}

void FilmView::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void FilmView::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty()) {
        Q_EMIT filesDropped(paths);
        event->acceptProposedAction();
    }
}

}  // namespace boneage::ui
