#pragma once

#include <QString>
#include <optional>

namespace boneage::ui {

/// "10 y 4 m" (clinical::formatYearsMonths); "—" when unknown.
QString yearsMonths(std::optional<double> months);
/// "10 y 4 m (124.4 mo)"; "—" when unknown.
QString yearsMonthsAndMonths(std::optional<double> months);
/// "+6.2 mo" / "−3.0 mo" with a true minus sign.
QString signedMonths(double months);
/// A model's interval: "90 % interval 10 y 0 m – 11 y 6 m (120.0–138.0 mo)".
QString intervalText(double lowMonths, double highMonths, double coverage);

}  // namespace boneage::ui
