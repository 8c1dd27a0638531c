#include "assessment/ReceivedFilms.h"

#include "assessment/Assessor.h"
#include "assessment/CaseReading.h"
#include "common/Error.h"
#include "imaging/FilmLoader.h"
#include "store/CaseStore.h"

#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <cctype>

namespace boneage::assessment {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

bool isHandFilm(const std::string& bodyPart) {
    std::string upper = bodyPart;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return upper.empty() || upper.find("HAND") != std::string::npos;
}

ReceivedFilm takeInReceivedFilm(const std::string& path) {
    ReceivedFilm received;
    try {
        imaging::Film film = imaging::loadFilm(path);
        if (isHandFilm(film.meta.bodyPart))
            received.film = std::move(film);
        else
            received.reason = "body part " + film.meta.bodyPart + ", not a hand";
    } catch (const Error& e) {
        if (e.code() != ErrorCode::BadInput)
            throw;
        received.reason = e.cause();
    }
    return received;
}

void logReceivedFilm(store::CaseStore& store, const std::string& path, std::optional<std::int64_t> caseId,
                     const std::string& notReadReason) {
    QJsonObject details{{QStringLiteral("file"), QFileInfo(qs(path)).fileName()},
                        {QStringLiteral("read"), notReadReason.empty()}};
    if (!notReadReason.empty())
        details.insert(QStringLiteral("reason"), qs(notReadReason));
    store.logEvent(QStringLiteral("pacs_receive"), caseId, details);
}

ReceivedFilmOutcome readReceivedFilm(FilmAssessor& assessor, store::CaseStore& store,
                                     const std::string& path) {
    ReceivedFilmOutcome outcome;
    const ReceivedFilm received = takeInReceivedFilm(path);
    if (!received.film) {
        outcome.reason = received.reason;
        logReceivedFilm(store, path, std::nullopt, outcome.reason);
        return outcome;
    }
    const imaging::Film& film = *received.film;
    const store::CaseRecord c = caseRecordOf(film.meta, path);
    outcome.caseId = store.upsertCase(c);
    std::optional<AssessmentResult> assessed;
    try {
        assessed = assessor.assess(film, PatientFacts{}, false);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Usage && e.code() != ErrorCode::BadInput)
            throw;
        outcome.reason = e.cause();  // e.g. no sex in the header: the reader opens the case and says
        logReceivedFilm(store, path, outcome.caseId, outcome.reason);
        return outcome;
    }
    const engine::ModelInfo& info = assessor.info();
    store::PredictionRecord p;
    p.caseId = outcome.caseId;
    p.modelName = qs(info.name);
    p.modelVersion = qs(info.version);
    p.modelSha256 = qs(info.sha256);
    p.device = qs(assessor.device());
    p.boneAgeMonths = assessed->prediction.boneAgeMonths;
    store.addPrediction(placePrediction(c, p));
    outcome.read = true;
    outcome.boneAgeMonths = p.boneAgeMonths;
    logReceivedFilm(store, path, outcome.caseId, {});
    return outcome;
}

}  // namespace boneage::assessment
