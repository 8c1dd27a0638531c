#pragma once

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QWidget>
#include <memory>

#include "assessment/HeatmapColours.h"
#include "imaging/Film.h"
#include "imaging/Windowing.h"
#include "ui/FilmRenderer.h"
#include "ui/ViewTransform.h"

namespace boneage::ui {

class PanTool;
class ViewTool;
class WindowLevelTool;

/// The reading viewer (Gwenview's AbstractImageView): where the film lies in the widget (fit, zoom around the
/// cursor, pan, rotate, flip), the pixel readout, the annotations, and the mouse, which it hands to its tools
/// (ViewTool: PanTool, WindowLevelTool; the wheel zooms). What it paints comes from a FilmRenderer: a film
/// through a VOI window with presets and invert, and an optional Grad-CAM overlay.
///
/// The displayed grey levels are exactly imaging::applyWindow() with window() and inverted(), so what the
/// radiologist sees is what the CLI and the report render. The pixel readout always reads the film. Geometry
/// is in logical pixels; the film is drawn into the high-DPI backing store at full device resolution, and
/// "actual pixels" means one film pixel per device pixel. GUI thread only.
class FilmView : public QWidget {
    Q_OBJECT
public:
    /// What a left-button drag does (the right button always adjusts the window, the middle one pans).
    enum class DragMode { Pan, WindowLevel };

    explicit FilmView(QWidget* parent = nullptr);
    ~FilmView() override;

    /// Shows `film` (shared, never modified) fitted to the view, through `preset`. Null clears the view.
    void setFilm(std::shared_ptr<const imaging::Film> film,
                 imaging::WindowPreset preset = imaging::WindowPreset::DicomDefault);
    const imaging::Film* film() const { return m_renderer.film(); }
    std::shared_ptr<const imaging::Film> sharedFilm() const { return m_renderer.sharedFilm(); }

    imaging::Window window() const { return m_renderer.window(); }
    void setWindow(const imaging::Window& window);
    void applyPreset(imaging::WindowPreset preset);
    imaging::WindowPreset defaultPreset() const { return m_defaultPreset; }
    void setDefaultPreset(imaging::WindowPreset preset) { m_defaultPreset = preset; }
    bool inverted() const { return m_renderer.inverted(); }
    void setInverted(bool inverted);

    /// Window units per logical pixel of a window/level drag: 1/512 of the film's value range.
    double windowSensitivity() const;

    void setDragMode(DragMode mode) { m_dragMode = mode; }
    DragMode dragMode() const { return m_dragMode; }
    /// The tool a drag with `button` uses: the right button adjusts the window, the middle one pans, the left
    /// one follows dragMode(); null for other buttons.
    ViewTool* toolFor(Qt::MouseButton button);

    /// Moves the film by `delta` logical pixels (a pan drag step); the view stops following resizes.
    void panBy(QPointF delta);
    /// Multiplies the zoom by `factor` keeping the film point under `anchor` (logical pixels) in place.
    void zoomAround(double factor, QPointF anchor);

    /// The Grad-CAM overlay: a premultiplied ARGB image of the film's size (see heatmapImage()); null removes
    /// it.
    void setHeatmap(const QImage& heatmap);
    bool hasHeatmap() const { return m_renderer.hasHeatmap(); }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return m_overlayVisible; }
    void setOverlayOpacity(double opacity);
    double overlayOpacity() const { return m_overlayOpacity; }

    const ViewTransform& viewTransform() const { return m_view; }
    /// The whole film through the current window and inversion: 8-bit grey at film resolution (null without
    /// a film). Computed on each call (a full-resolution pass), not what paints use.
    QImage displayedImage() const;

    /// What paints draw from (FilmRenderer::Tile): `image` (RGB32 grey) is pyramid level `level` through the
    /// window and inversion, cropped to `region` in that level's pixels.
    using DisplayTile = FilmRenderer::Tile;
    /// The tile the next paint draws for the current film, view, window and size (brought up to date now;
    /// empty without a film).
    DisplayTile displayTile();
    /// What one paint takes to compose the view into the widget (ms), for the benchmark.
    double lastPaintMs() const { return m_lastPaintMs; }

    QSize sizeHint() const override { return {800, 900}; }

public Q_SLOTS:
    void fitToWindow();
    void zoomIn();
    void zoomOut();
    /// One film pixel per device pixel, about the view's centre.
    void zoomActualPixels();
    void rotateClockwise();
    void flipHorizontal();
    /// Fit, default preset, no inversion, rotation or flip.
    void resetView();

Q_SIGNALS:
    void windowChanged(double centre, double width);
    /// Film position and value under the cursor, already formatted ("x 512  y 1024  value 2310"); "" off the
    /// film.
    void cursorReadoutChanged(const QString& text);
    void viewChanged();
    /// Files dropped onto the view.
    void filesDropped(const QStringList& paths);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// The part of the film in view, in film pixels, and how many device pixels a film pixel spans.
    QRectF visibleFilm() const;
    double deviceScale() const;
    void updateReadout(QPointF viewPos);
    void drawAnnotations(class QPainter& painter);

    FilmRenderer m_renderer;
    imaging::WindowPreset m_defaultPreset = imaging::WindowPreset::DicomDefault;
    ViewTransform m_view;
    bool m_fitted = true;  // refit on resize until the user zooms or pans

    bool m_overlayVisible = false;
    double m_overlayOpacity = assessment::kDefaultHeatmapOpacity;

    DragMode m_dragMode = DragMode::Pan;
    std::unique_ptr<PanTool> m_panTool;
    std::unique_ptr<WindowLevelTool> m_windowLevelTool;
    ViewTool* m_dragTool = nullptr;  // the tool of the drag in progress
    QString m_readout;
    double m_lastPaintMs = 0;
};

}  // namespace boneage::ui
