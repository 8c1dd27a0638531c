#pragma once

#include <QPointF>
#include <QSizeF>
#include <QTransform>

namespace boneage::ui {

/// Where a film lies in a view: scale, centre, quarter-turn rotation and horizontal flip. Pure geometry in
/// logical (device-independent) widget pixels, so it is tested without a widget.
class ViewTransform {
public:
    void setImageSize(QSizeF size) { m_image = size; }
    QSizeF imageSize() const { return m_image; }

    /// Film pixels -> widget pixels. The film's centre lands on centre(); film rows and columns scale by
    /// scale(); then the film turns clockwise by 90 degrees per quarter turn and is mirrored left-right.
    QTransform imageToView() const;
    QTransform viewToImage() const { return imageToView().inverted(); }

    /// Scales and centres the film so all of it shows in `view`, with `margin` logical pixels each side.
    void fit(QSizeF view, double margin = 8.0);
    /// Multiplies the scale by `factor` keeping the film point under `anchor` (widget pixels) in place.
    void zoomAround(double factor, QPointF anchor);
    /// Sets the scale keeping the film point under `anchor` in place.
    void setScaleAround(double scale, QPointF anchor);
    void pan(QPointF delta) { m_centre += delta; }

    void rotateClockwise() { m_quarterTurns = (m_quarterTurns + 1) % 4; }
    void flipHorizontal() { m_flipped = !m_flipped; }
    void resetOrientation() {
        m_quarterTurns = 0;
        m_flipped = false;
    }

    double scale() const { return m_scale; }
    QPointF centre() const { return m_centre; }
    int quarterTurns() const { return m_quarterTurns; }
    bool flipped() const { return m_flipped; }

    static constexpr double kMinScale = 0.01;
    static constexpr double kMaxScale = 64.0;

private:
    QSizeF m_image;
    double m_scale = 1.0;
    QPointF m_centre;
    int m_quarterTurns = 0;
    bool m_flipped = false;
};

}  // namespace boneage::ui
