#include "ui/ViewTool.h"

#include <QMouseEvent>
#include <QWheelEvent>
#include <cmath>

#include "ui/FilmView.h"

namespace boneage::ui {

void ViewTool::mousePressEvent(QMouseEvent* event) {
    m_lastX = event->position().x();
    m_lastY = event->position().y();
}

void ViewTool::mouseMoveEvent(QMouseEvent* event) {
    const double x = event->position().x(), y = event->position().y();
    const double dx = x - m_lastX, dy = y - m_lastY;
    m_lastX = x;
    m_lastY = y;
    if (m_view.film())
        dragBy(dx, dy);
}

void ViewTool::mouseReleaseEvent(QMouseEvent*) {}

void ViewTool::wheelEvent(QWheelEvent* event) {
    if (!m_view.film())
        return;
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0)
        return;
    m_view.zoomAround(std::pow(kWheelStep, notches), event->position());
    event->accept();
}

}  // namespace boneage::ui
