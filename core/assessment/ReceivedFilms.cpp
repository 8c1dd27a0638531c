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

ReceivedFilmOutcome readReceivedFilm(engine::Engine& engine, store::CaseStore& store,
                                     const std::string& path) {
    ReceivedFilmOutcome outcome;
    std::optional<imaging::Film> film;
    try {
        film = imaging::loadFilm(path);
        if (!isHandFilm(film->meta.bodyPart))
            outcome.reason = "body part " + film->meta.bodyPart + ", not a hand";
    } catch (const Error& e) {
        if (e.code() != ErrorCode::BadInput)
            throw;
        outcome.reason = e.cause();
    }
    QJsonObject details{{QStringLiteral("file"), QFileInfo(qs(path)).fileName()}};
    if (!outcome.reason.empty()) {
        details.insert(QStringLiteral("read"), false);
        details.insert(QStringLiteral("reason"), qs(outcome.reason));
        store.logEvent(QStringLiteral("pacs_receive"), std::nullopt, details);
        return outcome;
    }
    std::optional<AssessmentResult> assessed;
    try {
        assessed = assessFilm(engine, *film, PatientFacts{}, false);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Usage && e.code() != ErrorCode::BadInput)
            throw;
        outcome.reason = e.cause();  // e.g. no sex in the header: the reader opens it and says
        details.insert(QStringLiteral("read"), false);
        details.insert(QStringLiteral("reason"), qs(outcome.reason));
        store.logEvent(QStringLiteral("pacs_receive"), std::nullopt, details);
        return outcome;
    }
    const AssessmentResult& result = *assessed;
    const store::CaseRecord c = caseRecordOf(film->meta, path);
    outcome.caseId = store.upsertCase(c);
    const engine::ModelInfo& info = engine.info();
    store::PredictionRecord p;
    p.caseId = outcome.caseId;
    p.modelName = qs(info.name);
    p.modelVersion = qs(info.version);
    p.modelSha256 = qs(info.sha256);
    p.device = qs(engine.device());
    p.boneAgeMonths = result.prediction.boneAgeMonths;
    store.addPrediction(placePrediction(c, p));
    outcome.read = true;
    outcome.boneAgeMonths = result.prediction.boneAgeMonths;
    details.insert(QStringLiteral("read"), true);
    store.logEvent(QStringLiteral("pacs_receive"), outcome.caseId, details);
    return outcome;
}

}  // namespace boneage::assessment
