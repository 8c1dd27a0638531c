#include "report/ReportContent.h"

namespace boneage::report {

const char* readerDecisionName(ReaderDecision decision) {
    return decision == ReaderDecision::Overridden ? "overridden" : "confirmed";
}

std::optional<double> ReportContent::differenceMonths() const {
    if (!chronologicalAgeMonths)
        return std::nullopt;
    return readerBoneAgeMonths - *chronologicalAgeMonths;
}

}  // namespace boneage::report
