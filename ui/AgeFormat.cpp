#include "ui/AgeFormat.h"

#include <QCoreApplication>
#include <cmath>

#include "clinical/ChronologicalAge.h"

namespace boneage::ui {

namespace {
const QString kUnknown = QStringLiteral("\u2014");
}

QString yearsMonths(std::optional<double> months) {
    if (!months || !std::isfinite(*months))
        return kUnknown;
    return QString::fromStdString(clinical::formatYearsMonths(*months));
}

QString yearsMonthsAndMonths(std::optional<double> months) {
    if (!months || !std::isfinite(*months))
        return kUnknown;
    return QCoreApplication::translate("AgeFormat", "%1  (%2 mo)")
        .arg(yearsMonths(months))
        .arg(*months, 0, 'f', 1);
}

QString signedMonths(double months) {
    const QString number = QString::number(std::abs(months), 'f', 1);
    const QString sign = months > 0.05    ? QStringLiteral("+")
                         : months < -0.05 ? QStringLiteral("\u2212")
                                          : QString();
    return QCoreApplication::translate("AgeFormat", "%1%2 mo").arg(sign, number);
}

QString intervalText(double lowMonths, double highMonths, double coverage) {
    return QCoreApplication::translate("AgeFormat", "%1 % interval %2 \u2013 %3 (%4\u2013%5 mo)")
        .arg(std::round(coverage * 100.0), 0, 'f', 0)
        .arg(yearsMonths(lowMonths), yearsMonths(highMonths))
        .arg(lowMonths, 0, 'f', 1)
        .arg(highMonths, 0, 'f', 1);
}

}  // namespace boneage::ui
