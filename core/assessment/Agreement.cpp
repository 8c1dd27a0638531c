#include "assessment/Agreement.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace boneage::assessment {

namespace {

std::pair<double, double> bootstrapMaeCi95(const std::vector<double>& absErrors) {
    std::mt19937_64 random(20210311);  // fixed: an evaluation's interval must not change between runs
    std::uniform_int_distribution<std::size_t> pick(0, absErrors.size() - 1);
    std::vector<double> maes(kBootstrapResamples);
    for (double& mae : maes) {
        double sum = 0;
        for (std::size_t i = 0; i < absErrors.size(); ++i)
            sum += absErrors[pick(random)];
        mae = sum / double(absErrors.size());
    }
    std::sort(maes.begin(), maes.end());
    const auto at = [&](double q) { return maes[std::size_t(std::lround(q * double(maes.size() - 1)))]; };
    return {at(0.025), at(0.975)};
}

}  // namespace

Agreement computeAgreement(const std::vector<Pair>& pairs) {
    Agreement a;
    a.n = pairs.size();
    if (pairs.empty()) {
        return a;
    }
    double sumAbs = 0, sumAbsMale = 0, sumAbsFemale = 0, sumDiff = 0;
    std::size_t w05 = 0, w1 = 0, w15 = 0, w2 = 0;
    std::vector<double> absErrors;
    absErrors.reserve(pairs.size());
    for (const Pair& p : pairs) {
        const double diff = p.predictedMonths - p.referenceMonths;
        const double absDiff = std::fabs(diff);
        absErrors.push_back(absDiff);
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
    if (a.n > 1)
        a.maeCi95Months = bootstrapMaeCi95(absErrors);
    return a;
}

std::optional<double> intervalCoverage(const std::vector<IntervalReading>& readings) {
    if (readings.empty())
        return std::nullopt;
    std::size_t inside = 0;
    for (const IntervalReading& r : readings)
        inside += r.referenceMonths >= r.lowMonths && r.referenceMonths <= r.highMonths;
    return double(inside) / double(readings.size());
}

}  // namespace boneage::assessment
