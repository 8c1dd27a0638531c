#include "ui/SdBandBar.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace boneage::ui {

SdBandBar::SdBandBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumHeight(64);
}

void SdBandBar::setValues(std::optional<double> chronologicalMonths, std::optional<double> sdMonths,
                          std::optional<double> modelMonths, std::optional<double> readerMonths,
                          const QString& whyNoBand) {
    m_whyNoBand = whyNoBand;
    m_chrono = chronologicalMonths;
    m_sd = sdMonths;
    m_model = modelMonths;
    m_reader = readerMonths;
    update();
}

std::pair<double, double> SdBandBar::range() const {
    if (!m_chrono || !m_sd || !(*m_sd > 0))
        return {0, 0};
    double half = 3.0 * *m_sd;
    for (const auto& v : {m_model, m_reader}) {
        if (v)
            half = std::max(half, std::abs(*v - *m_chrono) + 0.5 * *m_sd);
    }
    return {*m_chrono - half, *m_chrono + half};
}

void SdBandBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor muted(140, 150, 165);
    if (!m_chrono || !m_sd || !(*m_sd > 0)) {
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   m_whyNoBand.isEmpty() ? tr("No SD band") : m_whyNoBand);
        return;
    }
    const auto [lo, hi] = range();
    const QRectF bar(12, 18, width() - 24, 18);
    auto xOf = [&](double months) { return bar.left() + (months - lo) / (hi - lo) * bar.width(); };
    const double c = *m_chrono, sd = *m_sd;

    p.setPen(Qt::NoPen);
    p.setBrush(QColor(45, 50, 60));
    p.drawRoundedRect(bar, 4, 4);
    p.setBrush(QColor(46, 110, 78));
    p.drawRect(QRectF(QPointF(xOf(c - 2 * sd), bar.top()), QPointF(xOf(c + 2 * sd), bar.bottom())));
    p.setBrush(QColor(60, 150, 100));
    p.drawRect(QRectF(QPointF(xOf(c - sd), bar.top()), QPointF(xOf(c + sd), bar.bottom())));

    // Ticks and labels at -2, 0, +2 SD.
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    const QFontMetricsF fm(small);
    for (int k : {-2, 0, 2}) {
        const double x = xOf(c + k * sd);
        p.setPen(QPen(k == 0 ? QColor(235, 240, 245) : QColor(150, 200, 170), k == 0 ? 2.0 : 1.0));
        p.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.bottom() + 3));
        const QString label = k == 0 ? tr("CA") : (k < 0 ? tr("\u22122 SD") : tr("+2 SD"));
        p.setPen(muted);
        const double w = fm.horizontalAdvance(label);
        p.drawText(QPointF(std::clamp(x - w / 2, 0.0, width() - w), bar.bottom() + 4 + fm.ascent()), label);
    }
    p.setPen(muted);
    p.drawText(QRectF(0, 0, width(), 14), Qt::AlignLeft | Qt::AlignVCenter, tr("%1 mo").arg(lo, 0, 'f', 0));
    p.drawText(QRectF(0, 0, width(), 14), Qt::AlignRight | Qt::AlignVCenter, tr("%1 mo").arg(hi, 0, 'f', 0));

    const double cy = bar.center().y();
    if (m_reader) {
        const double x = xOf(*m_reader);
        QPainterPath diamond;
        diamond.moveTo(x, cy - 9);
        diamond.lineTo(x + 9, cy);
        diamond.lineTo(x, cy + 9);
        diamond.lineTo(x - 9, cy);
        diamond.closeSubpath();
        p.setPen(QPen(QColor(20, 20, 20), 1.5));
        p.setBrush(QColor(245, 170, 60));
        p.drawPath(diamond);
    }
    if (m_model) {
        p.setPen(QPen(QColor(15, 25, 40), 2));
        p.setBrush(QColor(90, 190, 255));
        p.drawEllipse(QPointF(xOf(*m_model), cy), 7, 7);
    }
    Q_UNUSED(text);
}

}  // namespace boneage::ui
