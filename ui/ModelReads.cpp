#include "ui/ModelReads.h"

#include <cmath>

#include "assessment/CaseReading.h"
#include "store/CaseStore.h"
#include "ui/CaseRepository.h"

namespace boneage::ui {

std::optional<store::PredictionRecord> storeModelRead(CaseRepository& repository,
                                                      const InferenceResult& result) {
    if (!result.assessment)
        return std::nullopt;
    const auto summary = repository.caseById(result.caseId);
    if (!summary)
        return std::nullopt;
    const double months = result.assessment->prediction.boneAgeMonths;
    for (const store::PredictionRecord& old : repository.store().predictionsForCase(result.caseId)) {
        if (old.modelSha256 == result.model.sha256 && old.modelVersion == result.model.version &&
            std::abs(old.boneAgeMonths - months) < 1e-6) {
            return old;
        }
    }
    store::PredictionRecord p;
    p.caseId = result.caseId;
    p.modelName = result.model.name;
    p.modelVersion = result.model.version;
    p.modelSha256 = result.model.sha256;
    p.device = result.model.device;
    p.boneAgeMonths = months;
    if (const auto& interval = result.assessment->prediction.interval)
        p.interval = store::PredictionInterval{interval->lowMonths, interval->highMonths, interval->coverage};
    const auto& t = result.assessment->prediction.timings;
    p.timingsMs = QJsonObject{{QStringLiteral("preprocess"), t.preprocessMs},
                              {QStringLiteral("inference"), t.inferenceMs},
                              {QStringLiteral("gradcam"), t.gradcamMs}};
    p = assessment::placePrediction(summary->caseRecord, p);
    p.id = repository.recordPrediction(p);
    return p;
}

}  // namespace boneage::ui
