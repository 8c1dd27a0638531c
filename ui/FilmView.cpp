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
    m_grey.clear();
    m_display = QImage();
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
    render();
    return m_display;
}

void FilmView::render() const {
    if (!m_dirty || !m_film)
        return;
    imaging::applyWindow(*m_film, m_window, m_inverted, m_grey);
    // Wrap the buffer without a copy; applyWindow reuses its capacity, so live dragging allocates nothing.
    m_display =
        QImage(m_grey.data(), m_film->width, m_film->height, m_film->width, QImage::Format_Grayscale8);
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
    render();
    painter.save();
    painter.setTransform(m_view.imageToView());
    // Smooth when minifying; nearest when magnifying, so individual pixels stay visible for the readout.
    // Draw the 8-bit image as an indexed-free RGB32 copy kept per window: QPainter converts Grayscale8 on
    // every paint otherwise. Minify smoothly; magnify with nearest neighbour so film pixels stay visible.
    if (m_paintCacheKey != m_display.cacheKey()) {
        m_paintCache = m_display.convertToFormat(QImage::Format_RGB32);
        m_paintCacheKey = m_display.cacheKey();
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_view.scale() * devicePixelRatioF() < 1.0);
    painter.drawImage(QPointF(0, 0), m_paintCache);
    if (m_overlayVisible && !m_heatmap.isNull()) {
        painter.setOpacity(m_overlayOpacity);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(QRectF(0, 0, m_film->width, m_film->height), m_heatmap);
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
