#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "common/Sex.h"

namespace boneage::assessment {

/// One paired reading: a reference bone age (ground truth or the reader's) and the model's, in months.
struct Pair {
    double referenceMonths = 0;
    double predictedMonths = 0;
    Sex sex = Sex::Male;
};

/// Agreement between model and reference in the terms of Cheng et al. 2021 (MAE and the share within
/// 0.5/1/1.5/2 years) plus Bland-Altman (bias = mean of predicted - reference, limits = bias +- 1.96 SD).
struct Agreement {
    std::size_t n = 0, nMale = 0, nFemale = 0;
    double maeMonths = 0;
    std::optional<double> maeMonthsMale, maeMonthsFemale;             ///< empty when that sex has no pair
    double within05y = 0, within1y = 0, within15y = 0, within2y = 0;  ///< fractions in [0,1]
    double biasMonths = 0;
    double sdDifferenceMonths = 0;  ///< sample SD (n-1) of the differences; 0 for n < 2
    double loaLowMonths = 0, loaHighMonths = 0;
    /// Percentile bootstrap 95 % interval of the MAE (kBootstrapResamples resamples of the pairs with
    /// replacement, a fixed seed: the same pairs give the same interval). Empty for fewer than 2 pairs.
    std::optional<std::pair<double, double>> maeCi95Months;
};

/// A reference bone age and the model's interval for it, in months.
struct IntervalReading {
    double referenceMonths = 0;
    double lowMonths = 0, highMonths = 0;
};

/// Share of the readings whose reference lies inside the model's interval (ends included); empty when
/// there are none.
std::optional<double> intervalCoverage(const std::vector<IntervalReading>& readings);

constexpr int kBootstrapResamples = 2000;

/// Computes the agreement; an empty input gives n = 0 and zeros.
Agreement computeAgreement(const std::vector<Pair>& pairs);

}  // namespace boneage::assessment
