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

}  // namespace boneage::ui
