#pragma once

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "imaging/Film.h"
#include "imaging/Windowing.h"
#include "ui/FilmPyramid.h"
#include "ui/ViewTransform.h"

namespace boneage::ui {

/// The reading viewer: paints a film through a VOI window, with fit, zoom around the cursor, pan, live
/// window/level by dragging, presets, invert, rotate, flip, a pixel readout and an optional Grad-CAM overlay.
///
/// The displayed grey levels are exactly imaging::applyWindow() with window() and inverted(), so what the
/// radiologist sees is what the CLI and the report render. Like a PACS viewer it windows only what it
/// paints: when a film pixel spans less than half a device pixel, a box-averaged level of a FilmPyramid at
/// about screen resolution (each pixel the mean of 2^k x 2^k film pixels, windowed exactly), else the film
/// itself; and of either only the part in view (plus a margin for panning). See displayTile(). The pixel
/// readout always reads the film. Geometry is in logical pixels; the film is drawn into the high-DPI
/// backing store at full device resolution, and "actual pixels" means one film pixel per device pixel.
/// GUI thread only.
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
    const imaging::Film* film() const { return m_film.get(); }
    std::shared_ptr<const imaging::Film> sharedFilm() const { return m_film; }

    imaging::Window window() const { return m_window; }
    void setWindow(const imaging::Window& window);
    void applyPreset(imaging::WindowPreset preset);
    imaging::WindowPreset defaultPreset() const { return m_defaultPreset; }
    void setDefaultPreset(imaging::WindowPreset preset) { m_defaultPreset = preset; }
    bool inverted() const { return m_inverted; }
    void setInverted(bool inverted);

    /// Window units per logical pixel of a window/level drag: 1/512 of the film's value range.
    double windowSensitivity() const;

    void setDragMode(DragMode mode) { m_dragMode = mode; }
    DragMode dragMode() const { return m_dragMode; }

    /// The Grad-CAM overlay: a premultiplied ARGB image of the film's size (see heatmapImage()); null removes
    /// it.
    void setHeatmap(const QImage& heatmap);
    bool hasHeatmap() const { return !m_heatmap.isNull(); }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return m_overlayVisible; }
    void setOverlayOpacity(double opacity);
    double overlayOpacity() const { return m_overlayOpacity; }

    const ViewTransform& viewTransform() const { return m_view; }
    /// The whole film through the current window and inversion: 8-bit grey at film resolution (null without
    /// a film). Computed on each call (a full-resolution pass), not what paints use.
    QImage displayedImage() const;

    /// What paints draw from: `image` (RGB32 grey) is pyramid level `level` (level pixels cover 2^level film
    /// pixels a side; 0 is the film) through the window and inversion, cropped to `region` in that level's
    /// pixels. Pixel (x, y) of `image` is applyWindow() of level pixel region.topLeft() + (x, y).
    struct DisplayTile {
        QImage image;
        int level = 0;
        QRect region;
    };
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
    enum class Drag { None, Pan, Window };
    /// Re-windows the tile when the window, inversion, level or visible region calls for it.
    void updateTile();
    int tileLevel() const;
    /// The part of `level` the view shows, in level pixels, clipped to the level.
    QRect visibleRegion(int level, const imaging::Film& levelFilm) const;
    void updateReadout(QPointF viewPos);
    void drawAnnotations(class QPainter& painter);

    std::shared_ptr<const imaging::Film> m_film;
    imaging::Window m_window;
    imaging::WindowPreset m_defaultPreset = imaging::WindowPreset::DicomDefault;
    bool m_inverted = false;
    ViewTransform m_view;
    bool m_fitted = true;  // refit on resize until the user zooms or pans

    FilmPyramid m_pyramid;
    DisplayTile m_tile;                // RGB32, the raster engine's native format: painting converts nothing
    bool m_dirty = true;               // window or inversion changed since m_tile was windowed
    std::vector<std::uint8_t> m_grey;  // applyWindow's output, reused so that dragging allocates nothing
    imaging::Film m_crop;              // the region of a level when only part of it is in view

    QImage m_heatmap;
    QImage m_heatmapLevel;  // m_heatmap averaged down to m_heatmapLevelIndex's size, made once per level
    int m_heatmapLevelIndex = -1;
    bool m_overlayVisible = false;
    double m_overlayOpacity = 0.5;

    DragMode m_dragMode = DragMode::Pan;
    Drag m_drag = Drag::None;
    QPointF m_lastPos;
    QString m_readout;
    double m_lastPaintMs = 0;
};

}  // namespace boneage::ui
