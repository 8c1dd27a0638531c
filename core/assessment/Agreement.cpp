#include "assessment/Agreement.h"

#include <cmath>

namespace boneage::assessment {

Agreement computeAgreement(const std::vector<Pair>& pairs) {
    Agreement a;
    a.n = pairs.size();
    if (pairs.empty()) {
        return a;
    }
    double sumAbs = 0, sumAbsMale = 0, sumAbsFemale = 0, sumDiff = 0;
    std::size_t w05 = 0, w1 = 0, w15 = 0, w2 = 0;
    for (const Pair& p : pairs) {
        const double diff = p.predictedMonths - p.referenceMonths;
        const double absDiff = std::fabs(diff);
        sumAbs += absDiff;
        sumDiff += diff;
        if (p.sex == Sex::Male) {
            ++a.nMale;
            sumAbsMale += absDiff;
        } else {
            ++a.nFemale;
            sumAbsFemale += absDiff;
        }
        // The paper's bins are inclusive: "within 1 year" means an absolute error of at most 12 months.
        w05 += absDiff <= 6.0;
        w1 += absDiff <= 12.0;
        w15 += absDiff <= 18.0;
        w2 += absDiff <= 24.0;
    }
    const double n = double(a.n);
    a.maeMonths = sumAbs / n;
    if (a.nMale > 0)
        a.maeMonthsMale = sumAbsMale / double(a.nMale);
    if (a.nFemale > 0)
        a.maeMonthsFemale = sumAbsFemale / double(a.nFemale);
    a.within05y = double(w05) / n;
    a.within1y = double(w1) / n;
    a.within15y = double(w15) / n;
    a.within2y = double(w2) / n;
    a.biasMonths = sumDiff / n;
    if (a.n > 1) {
        double ss = 0;
        for (const Pair& p : pairs) {
            const double d = (p.predictedMonths - p.referenceMonths) - a.biasMonths;
            ss += d * d;
        }
        a.sdDifferenceMonths = std::sqrt(ss / (n - 1));
    }
    a.loaLowMonths = a.biasMonths - 1.96 * a.sdDifferenceMonths;
    a.loaHighMonths = a.biasMonths + 1.96 * a.sdDifferenceMonths;
    return a;
}

}  // namespace boneage::assessment
