#pragma once

#include "ui/ViewTool.h"

namespace boneage::ui {

/// Dragging moves the film with the mouse (the left button in pan mode, the middle button always), with a
/// closed-hand cursor while it lasts.
class PanTool : public ViewTool {
public:
    using ViewTool::ViewTool;
    void mousePressEvent(QMouseEvent* event) override;

protected:
    void dragBy(double dx, double dy) override;
};

}  // namespace boneage::ui
