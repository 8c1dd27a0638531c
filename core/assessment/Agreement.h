#pragma once

#include <cstddef>
#include <optional>
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
};

/// Computes the agreement; an empty input gives n = 0 and zeros.
Agreement computeAgreement(const std::vector<Pair>& pairs);

}  // namespace boneage::assessment
