#pragma once
// What the workstation does with an object the PACS pushed or sent (the storage listener's files): a hand
// film is read by the model into the case database; anything else is kept on disk and listed, not read.

#include "engine/Engine.h"

#include <cstdint>
#include <optional>
#include <string>

namespace boneage::store {
class CaseStore;
}

namespace boneage::assessment {

struct ReceivedFilmOutcome {
    bool read = false;         ///< assessed and stored with a prediction
    std::int64_t caseId = 0;   ///< the case it was stored as (0 when not read)
    double boneAgeMonths = 0;  ///< when read
    std::string reason;        ///< when not read: why ("not an image: ...", "body part CHEST, not a hand")
};

/// Whether a film is one this model reads: its body part says hand (or says nothing, as many CR films).
bool isHandFilm(const std::string& bodyPart);

/// Loads `path`; a hand film is assessed with `engine` and stored (upsertCase, addPrediction); every
/// object, read or not, is listed in the audit log as "pacs_receive" (file name and outcome only, no patient
/// identifiers). Runs on the store's thread. Throws Error(Model) for a model failure and Error(Storage) for
/// a database failure; a film that cannot be read is an outcome, not an error.
ReceivedFilmOutcome readReceivedFilm(engine::Engine& engine, store::CaseStore& store,
                                     const std::string& path);

}  // namespace boneage::assessment
