#pragma once

#include <QWidget>

namespace boneage::ui {

/// The Grad-CAM colour legend: the overlay's colour ramp from low to high attention.
class HeatmapLegend : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    QSize sizeHint() const override { return {240, 34}; }
    QSize minimumSizeHint() const override { return {140, 34}; }

protected:
    void paintEvent(QPaintEvent* event) override;
};

}  // namespace boneage::ui
