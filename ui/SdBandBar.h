#pragma once

#include <QWidget>
#include <optional>

namespace boneage::ui {

/// The Greulich-Pyle (Brush) band as a bar: chronological age in the middle, +-1 and +-2 SD shaded, the
/// model's bone age as a dot and the reader's as a diamond. Without a chronological age or SD it says why
/// there is no band.
class SdBandBar : public QWidget {
    Q_OBJECT
public:
    explicit SdBandBar(QWidget* parent = nullptr);

    void setValues(std::optional<double> chronologicalMonths, std::optional<double> sdMonths,
                   std::optional<double> modelMonths, std::optional<double> readerMonths);

    /// Months shown at the left and right ends (for tests): the band +-3 SD, widened to hold both points.
    std::pair<double, double> range() const;

    QSize sizeHint() const override { return {320, 74}; }
    QSize minimumSizeHint() const override { return {200, 64}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<double> m_chrono, m_sd, m_model, m_reader;
};

}  // namespace boneage::ui
