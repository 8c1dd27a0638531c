#pragma once
// What the workstation does with an object the PACS pushed or sent (the storage listener's files, a C-GET's
// files): a hand film becomes a case and is read by the model; anything else is kept on disk and listed,
// not read. The CLI's listener and the workstation's intake both take objects in through here.

#include "assessment/FilmAssessor.h"
#include "imaging/Film.h"

#include <cstdint>
#include <optional>
#include <string>

namespace boneage::store {
class CaseStore;
}

namespace boneage::assessment {

/// Whether a film is one this model reads: its body part says hand (or says nothing, as many CR films).
bool isHandFilm(const std::string& bodyPart);

/// A received object as it is taken in: a hand film (loaded), or why it is kept without being read.
struct ReceivedFilm {
    std::optional<imaging::Film> film;  ///< set for a hand film
    std::string reason;                 ///< otherwise: "not an image: ...", "body part CHEST, not a hand"
};

/// Loads `path` and decides. An object that is not a readable film, or not a hand, is a reason, not an
/// error; a Storage or Internal failure throws. Runs on any thread.
ReceivedFilm takeInReceivedFilm(const std::string& path);

/// The audit row of a received object ("pacs_receive"): its file name, whether the model reads it, and why
/// not; never a patient identifier. `caseId` is its case when it became one. Runs on the store's thread.
void logReceivedFilm(store::CaseStore& store, const std::string& path, std::optional<std::int64_t> caseId,
                     const std::string& notReadReason);

struct ReceivedFilmOutcome {
    bool read = false;         ///< assessed and stored with a prediction
    std::int64_t caseId = 0;   ///< the case it was stored as (0 when it is not a hand film)
    double boneAgeMonths = 0;  ///< when read
    std::string reason;        ///< when not read: why ("not an image: ...", "body part CHEST, not a hand")
};

/// Takes `path` in: a hand film becomes a case (upsertCase) and is assessed with `assessor` (addPrediction);
/// a hand film the model cannot read yet (no sex in its header) stays a case without a prediction, for a
/// reader to complete; every object is listed by logReceivedFilm(). Runs on the store's thread. Throws
/// Error(Model) for a model failure and Error(Storage) for a database failure.
ReceivedFilmOutcome readReceivedFilm(FilmAssessor& assessor, store::CaseStore& store,
                                     const std::string& path);

}  // namespace boneage::assessment
