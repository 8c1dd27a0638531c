#include "assessment/ReceivedFilms.h"

#include "assessment/Assessor.h"
#include "common/Error.h"
#include "imaging/FilmLoader.h"
#include "store/CaseStore.h"

#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <cctype>

namespace boneage::assessment {

namespace {

QDate dateOf(const std::string& yyyymmdd) {
    return yyyymmdd.size() == 8
               ? QDate::fromString(QString::fromStdString(yyyymmdd), QStringLiteral("yyyyMMdd"))
               : QDate();
}

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
        assessed = assessFilm(engine, *film, PatientOverrides{}, false);
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
    store::CaseRecord c;
    c.sourcePath = qs(path);
    c.sopInstanceUid = qs(film->meta.sopInstanceUid);
    c.studyInstanceUid = qs(film->meta.studyInstanceUid);
    c.seriesInstanceUid = qs(film->meta.seriesInstanceUid);
    c.patientId = qs(film->meta.patientId);
    c.patientName = qs(film->meta.patientName);
    c.sex = qs(film->meta.patientSex == "O" ? std::string() : film->meta.patientSex);
    c.birthDate = dateOf(film->meta.birthDate);
    c.studyDate = dateOf(film->meta.studyDate);
    outcome.caseId = store.upsertCase(c);
    const engine::ModelInfo& info = engine.info();
    store::PredictionRecord p;
    p.caseId = outcome.caseId;
    p.modelName = qs(info.name);
    p.modelVersion = qs(info.version);
    p.modelSha256 = qs(info.sha256);
    p.device = qs(engine.device());
    p.boneAgeMonths = result.prediction.boneAgeMonths;
    p.sdMonths = result.clinical.sdMonths;
    p.zScore = result.clinical.zScore;
    p.verdict = qs(clinical::verdictName(result.clinical.verdict));
    store.addPrediction(p);
    outcome.read = true;
    outcome.boneAgeMonths = result.prediction.boneAgeMonths;
    details.insert(QStringLiteral("read"), true);
    store.logEvent(QStringLiteral("pacs_receive"), outcome.caseId, details);
    return outcome;
}

}  // namespace boneage::assessment
