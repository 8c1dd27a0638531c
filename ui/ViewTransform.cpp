#include "ui/ViewTransform.h"

#include <algorithm>

namespace boneage::ui {

QTransform ViewTransform::imageToView() const {
    QTransform t;
    t.translate(m_centre.x(), m_centre.y());
    if (m_flipped)
        t.scale(-1, 1);
    t.rotate(90.0 * m_quarterTurns);
    t.scale(m_scale, m_scale);
    t.translate(-m_image.width() / 2.0, -m_image.height() / 2.0);
    return t;
}

void ViewTransform::fit(QSizeF view, double margin) {
    const bool sideways = m_quarterTurns % 2 == 1;
    const double w = sideways ? m_image.height() : m_image.width();
    const double h = sideways ? m_image.width() : m_image.height();
    const double availableW = std::max(1.0, view.width() - 2 * margin);
    const double availableH = std::max(1.0, view.height() - 2 * margin);
    if (w > 0 && h > 0)
        m_scale = std::clamp(std::min(availableW / w, availableH / h), kMinScale, kMaxScale);
    m_centre = QPointF(view.width() / 2.0, view.height() / 2.0);
}

void ViewTransform::zoomAround(double factor, QPointF anchor) {
    setScaleAround(m_scale * factor, anchor);
}

void ViewTransform::setScaleAround(double scale, QPointF anchor) {
    const QPointF imagePoint = viewToImage().map(anchor);
    m_scale = std::clamp(scale, kMinScale, kMaxScale);
    m_centre += anchor - imageToView().map(imagePoint);
}

}  // namespace boneage::ui
