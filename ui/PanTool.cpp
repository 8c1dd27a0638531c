#include "ui/PanTool.h"

#include "ui/FilmView.h"

namespace boneage::ui {

void PanTool::mousePressEvent(QMouseEvent* event) {
    ViewTool::mousePressEvent(event);
    view().setCursor(Qt::ClosedHandCursor);
}

void PanTool::dragBy(double dx, double dy) {
    view().panBy(QPointF(dx, dy));
}

}  // namespace boneage::ui
