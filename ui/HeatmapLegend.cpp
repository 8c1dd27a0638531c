#include "ui/HeatmapLegend.h"

#include <QLinearGradient>
#include <QPainter>

#include "ui/HeatmapImage.h"

namespace boneage::ui {

void HeatmapLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF bar(0, 2, width(), 12);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 16; ++i)
        gradient.setColorAt(i / 16.0, QColor(heatmapColour(i / 16.0)));
    p.setPen(Qt::NoPen);
    p.setBrush(gradient);
    p.drawRoundedRect(bar, 3, 3);
    p.setPen(QColor(150, 160, 175));
    const QRectF labels(0, bar.bottom() + 2, width(), height() - bar.bottom() - 2);
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, tr("low"));
    p.drawText(labels, Qt::AlignHCenter | Qt::AlignTop, tr("model attention"));
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop, tr("high"));
}

}  // namespace boneage::ui
