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

#include "ui/PanTool.h"
#include "ui/WindowLevelTool.h"

namespace boneage::ui {

namespace {
constexpr double kWheelStep = ViewTool::kWheelStep;  // zoom factor per wheel notch, and of zoomIn/zoomOut
}

FilmView::FilmView(QWidget* parent)
    : QWidget(parent),
      m_panTool(std::make_unique<PanTool>(*this)),
      m_windowLevelTool(std::make_unique<WindowLevelTool>(*this)) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setContextMenuPolicy(Qt::PreventContextMenu);  // the right button adjusts the window
    setMinimumSize(200, 200);
}

FilmView::~FilmView() = default;

void FilmView::setFilm(std::shared_ptr<const imaging::Film> film, imaging::WindowPreset preset) {
    m_renderer.setFilm(std::move(film));
    m_readout.clear();
    if (const imaging::Film* shown = m_renderer.film()) {
        m_view.setImageSize(QSizeF(shown->width, shown->height));
        m_view.resetOrientation();
        m_renderer.setInverted(false);
        m_renderer.setWindow(imaging::windowFor(*shown, preset));
        m_view.fit(size());
        m_fitted = true;
        Q_EMIT windowChanged(window().centre, window().width);
    }
    Q_EMIT viewChanged();
    update();
}

void FilmView::setWindow(const imaging::Window& window) {
    m_renderer.setWindow(window);
    Q_EMIT windowChanged(this->window().centre, this->window().width);
    update();
}

void FilmView::applyPreset(imaging::WindowPreset preset) {
    if (!film())
        return;
    setWindow(imaging::windowFor(*film(), preset));
}

void FilmView::setInverted(bool inverted) {
    if (m_renderer.inverted() == inverted)
        return;
    m_renderer.setInverted(inverted);
    Q_EMIT viewChanged();
    update();
}

double FilmView::windowSensitivity() const {
    if (!film())
        return 1.0;
    return std::max(1e-3, double(film()->maxValue) - double(film()->minValue)) / 512.0;
}

ViewTool* FilmView::toolFor(Qt::MouseButton button) {
    if (button == Qt::RightButton || (button == Qt::LeftButton && m_dragMode == DragMode::WindowLevel))
        return m_windowLevelTool.get();
    if (button == Qt::LeftButton || button == Qt::MiddleButton)
        return m_panTool.get();
    return nullptr;
}

void FilmView::panBy(QPointF delta) {
    m_view.pan(delta);
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
}

void FilmView::zoomAround(double factor, QPointF anchor) {
    m_view.zoomAround(factor, anchor);
    m_fitted = false;
    Q_EMIT viewChanged();
    update();
}

void FilmView::setHeatmap(const QImage& heatmap) {
    m_renderer.setHeatmap(heatmap);
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
    return m_renderer.displayedImage();
}

QRectF FilmView::visibleFilm() const {
    return m_view.viewToImage().mapRect(QRectF(rect()));
}

double FilmView::deviceScale() const {
    return m_view.scale() * devicePixelRatioF();
}

FilmView::DisplayTile FilmView::displayTile() {
    return m_renderer.tile(deviceScale(), visibleFilm());
}

void FilmView::fitToWindow() {
    m_view.fit(size());
    m_fitted = true;
    Q_EMIT viewChanged();
    update();
}

void FilmView::zoomIn() {
    zoomAround(kWheelStep * kWheelStep, rect().center());
}

void FilmView::zoomOut() {
    zoomAround(1.0 / (kWheelStep * kWheelStep), rect().center());
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
    m_renderer.setInverted(false);
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
    if (!film()) {
        painter.setPen(QColor(140, 150, 165));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        painter.setFont(f);
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("Open a hand radiograph (DICOM or PNG)\nor drop files here"));
        return;
    }
    painter.save();
    painter.setTransform(m_view.imageToView());
    m_renderer.paint(painter, deviceScale(), visibleFilm(),
                     m_overlayVisible ? std::optional<double>(m_overlayOpacity) : std::nullopt);
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
    QString wl = tr("W %1  L %2").arg(window().width, 0, 'f', 0).arg(window().centre, 0, 'f', 0);
    if (inverted())
        wl += tr("  inverted");
    const QString zoom = tr("Zoom %1%").arg(deviceScale() * 100.0, 0, 'f', 0);
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
    if (const imaging::Film* shown = film()) {
        const QPointF p = m_view.viewToImage().map(viewPos);
        const int x = int(std::floor(p.x())), y = int(std::floor(p.y()));
        if (x >= 0 && y >= 0 && x < shown->width && y < shown->height) {
            const float v = shown->pixels[std::size_t(y) * std::size_t(shown->width) + std::size_t(x)];
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
    toolFor(Qt::LeftButton)->wheelEvent(event);
}

void FilmView::mousePressEvent(QMouseEvent* event) {
    if (ViewTool* tool = toolFor(event->button())) {
        m_dragTool = tool;
        tool->mousePressEvent(event);
    }
    event->accept();
}

void FilmView::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragTool)
        m_dragTool->mouseMoveEvent(event);
    updateReadout(event->position());
}

void FilmView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragTool)
        m_dragTool->mouseReleaseEvent(event);
    m_dragTool = nullptr;
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
