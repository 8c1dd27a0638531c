#pragma once

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "clinical/Assessment.h"
#include "common/Sex.h"

namespace boneage::store {

// Value records of the case database. Plain copyable structs: safe to pass between threads and over queued
// connections. Ids are database ids (0 before insertion). Times are UTC ISO 8601 with milliseconds
// ("2024-05-01T09:30:12.345Z"), set by the store when the record is written.

/// What a case knows of its patient: sex and the two dates the chronological age needs. Each field may be
/// unknown (nullopt, an invalid QDate).
struct PatientFacts {
    std::optional<Sex> sex;
    QDate birthDate;
    QDate studyDate;
};

inline bool operator==(const PatientFacts& a, const PatientFacts& b) {
    return a.sex == b.sex && a.birthDate == b.birthDate && a.studyDate == b.studyDate;
}
inline bool operator!=(const PatientFacts& a, const PatientFacts& b) {
    return !(a == b);
}

/// One film of one patient: the one case type, from the database to the screen (derived values such as the
/// chronological age come from assessment::readCase(), never from a copy kept here). Keyed by its SOP
/// instance UID, or by its source path when it has none (PNG). Contains patient identifiers: never log it.
struct CaseRecord {
    qint64 id = 0;
    QString sourcePath;  ///< film file the case was opened from
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString patientId;
    QString patientName;       ///< as a person reads it ("DOE, JANE"), not DICOM's "DOE^JANE"
    QString accessionNumber;   ///< schema 3; empty when the film has none
    QString studyDescription;  ///< schema 3
    PatientFacts film;         ///< as the film's header says (refreshed by every import)
    PatientFacts entered;      ///< what a reader entered (schema 3; CaseStore::setEnteredFacts, audited)
    QString createdUtc;
};

/// A model's calibrated central interval around its bone age (the package's interval).
struct PredictionInterval {
    double lowMonths = 0, highMonths = 0;
    double coverage = 0;  ///< e.g. 0.90
};

inline bool operator==(const PredictionInterval& a, const PredictionInterval& b) {
    return a.lowMonths == b.lowMonths && a.highMonths == b.highMonths && a.coverage == b.coverage;
}

/// One model prediction for a case.
struct PredictionRecord {
    qint64 id = 0;
    qint64 caseId = 0;
    QString modelName;
    QString modelVersion;
    QString modelSha256;
    QString device;  ///< "cpu", "cuda", ...
    double boneAgeMonths = 0.0;
    /// The model's bone age placed against the case when it was predicted (assessment::readCase() places it
    /// again against the case as it is now).
    std::optional<double> sdMonths;  ///< empty when the reference SD is unknown
    std::optional<double> zScore;    ///< empty when the chronological age is unknown
    clinical::Verdict verdict = clinical::Verdict::Unknown;
    /// The model's interval around boneAgeMonths (schema 5); empty when its package has none, and for
    /// predictions stored before schema 5.
    std::optional<PredictionInterval> interval;
    QJsonObject timingsMs;  ///< {"load":..,"preprocess":..,"inference":..,"gradcam":..}
    QString createdUtc;
};

/// A radiologist's decision on a case: confirm the model's value or override it.
struct ReadRecord {
    enum class Kind { Confirm, Override };

    qint64 id = 0;
    qint64 caseId = 0;
    /// The prediction the reader saw when deciding (a confirm needs one). Never "whatever is newest when the
    /// row is written": on a shared database that can be another workstation's prediction.
    std::optional<qint64> predictionId;
    QString reader;  ///< empty: the store's actor
    double valueMonths = 0.0;
    Kind kind = Kind::Confirm;
    QString reason;      ///< free text (overrides)
    QString reasonCode;  ///< short code from the UI's list (schema 2); empty when none
    /// The reader's bone age placed against the case when decided (schema 3): what the decision says.
    std::optional<double> sdMonths, zScore;
    clinical::Verdict verdict = clinical::Verdict::Unknown;
    QString createdUtc;
};

/// A signed report exported for a case. A case read again after its report gets a revised report that
/// supersedes the earlier one (schema 4); the earlier one stays valid and is marked superseded.
struct ReportRecord {
    qint64 id = 0;
    qint64 caseId = 0;
    QString pdfSha256;
    QString srSha256;
    QString signer;  ///< empty: the store's actor
    QString createdUtc;
    std::optional<qint64> readId;          ///< the decision the report reports (schema 4)
    int revision = 1;                      ///< 1 for a first report, then 2, 3, ...
    std::optional<qint64> supersedesId;    ///< the report this one revises (the case's newest until now)
    std::optional<qint64> supersededById;  ///< read only: the revision that superseded it, if any
    QString srSopInstanceUid;              ///< the signed SR's SOP instance UID
    QByteArray srDicom;                    ///< the signed SR (written only; CaseStore::reportSr() reads it)

    bool superseded() const { return supersededById.has_value(); }
};

/// What the worklist shows for one case: the case with its newest prediction, read and report.
struct CaseSummary {
    CaseRecord caseRecord;
    std::optional<PredictionRecord> latestPrediction;
    std::optional<ReadRecord> latestRead;
    std::optional<ReportRecord> latestReport;
    int readCount = 0;
};

/// One row of the append-only, hash-chained audit log.
struct AuditEntry {
    qint64 seq = 0;
    QString timeUtc;
    QString actor;
    QString action;  ///< view|predict|confirm|override|report|pacs_send|case_create|case_update|migrate|...
    std::optional<qint64> caseId;
    QString detailsJson;  ///< compact JSON exactly as stored (and hashed)
    QString prevHash;     ///< hex SHA-256 of the previous row; 64 zeros for the first
    QString hash;         ///< hex SHA-256 of prevHash + the canonical serialisation of this row
};

/// A row's hash recorded outside the database (`boneage audit verify` prints the head as one). Whoever can
/// write to the database can rewrite a row and re-hash every row after it, and the chain alone then verifies;
/// it no longer matches an anchor kept elsewhere.
struct AuditAnchor {
    qint64 seq = 0;
    QString hash;  ///< lower-case hex SHA-256, as stored
};

/// Outcome of walking the audit chain.
struct AuditVerification {
    bool ok = false;
    qint64 rowsChecked = 0;
    qint64 firstBadSeq = 0;  ///< 0 when ok, or when the problem is a record that has no audit row at all
    QString problem;         ///< one clause saying what is wrong; empty when ok
    QString headHash;        ///< the last row's hash when ok (row rowsChecked): an anchor to keep elsewhere
};

/// "M", "F" or "" (the database's sex columns) and back; anything else parses as unknown.
QString sexText(const std::optional<Sex>& sex);
std::optional<Sex> sexFromText(const QString& text);

/// "confirm" / "override".
const char* readKindName(ReadRecord::Kind kind);
/// Inverse of readKindName(); nullopt for anything else.
std::optional<ReadRecord::Kind> parseReadKind(const QString& text);

}  // namespace boneage::store
