#pragma once

#include <optional>

#include "store/Records.h"
#include "ui/InferenceTypes.h"

namespace boneage::ui {

class CaseRepository;

/// Stores the model's read of a case (a successful InferenceResult), placed against the case by
/// assessment::placePrediction(); when the same model's same read is already stored (a reopened case, a
/// cached result, a film the background reader read before it was opened) that record is returned instead,
/// so a read is stored once however it was reached. Empty when the case is gone. The one way the workstation
/// records a prediction. GUI thread; throws Error(Storage) when the database cannot be written.
std::optional<store::PredictionRecord> storeModelRead(CaseRepository& repository,
                                                      const InferenceResult& result);

}  // namespace boneage::ui
