#pragma once

#include <QString>
#include <QWidget>
#include <optional>

namespace boneage::ui {

/// The Greulich-Pyle (Brush) band as a bar: chronological age in the middle, +-1 and +-2 SD shaded, the
/// model's bone age as a dot and the reader's as a diamond. The band stands as soon as the chronological
/// age and its SD are known, before any bone age; without them it says why (the caller's words).
class SdBandBar : public QWidget {
    Q_OBJECT
public:
    explicit SdBandBar(QWidget* parent = nullptr);

    void setValues(std::optional<double> chronologicalMonths, std::optional<double> sdMonths,
                   std::optional<double> modelMonths, std::optional<double> readerMonths,
                   const QString& whyNoBand = {});
    /// What the bar says when it has no band (tests).
    QString whyNoBand() const { return m_whyNoBand; }

    /// Months shown at the left and right ends (for tests): the band +-3 SD, widened to hold both points.
    std::pair<double, double> range() const;

    QSize sizeHint() const override { return {320, 74}; }
    QSize minimumSizeHint() const override { return {200, 64}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<double> m_chrono, m_sd, m_model, m_reader;
    QString m_whyNoBand;
};

}  // namespace boneage::ui
