#pragma once

class QMouseEvent;
class QWheelEvent;

namespace boneage::ui {

class FilmView;

/// A mouse tool of the viewer (after Gwenview's AbstractRasterImageViewTool): FilmView hands a drag's press,
/// moves and release to the tool its button selects (FilmView::toolFor), and the wheel to the left button's
/// tool. Tools change the view only through FilmView's public API. GUI thread only; owned by the view.
class ViewTool {
public:
    explicit ViewTool(FilmView& view) : m_view(view) {}
    virtual ~ViewTool() = default;
    ViewTool(const ViewTool&) = delete;
    ViewTool& operator=(const ViewTool&) = delete;

    FilmView& view() const { return m_view; }

    virtual void mousePressEvent(QMouseEvent* event);
    virtual void mouseMoveEvent(QMouseEvent* event);
    virtual void mouseReleaseEvent(QMouseEvent* event);
    /// Zooms around the cursor by kWheelStep per notch (every tool zooms with the wheel, as in Gwenview).
    virtual void wheelEvent(QWheelEvent* event);

    /// Zoom factor per wheel notch.
    static constexpr double kWheelStep = 1.15;

protected:
    /// One step of a drag: the mouse moved by `dx`, `dy` logical pixels since the last event.
    virtual void dragBy(double dx, double dy) = 0;

private:
    FilmView& m_view;
    double m_lastX = 0, m_lastY = 0;
};

}  // namespace boneage::ui
