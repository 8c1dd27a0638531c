#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace boneage::store {

// Value records of the case database. Plain copyable structs: safe to pass between threads and over queued
// connections. Ids are database ids (0 before insertion). Times are UTC ISO 8601 with milliseconds
// ("2024-05-01T09:30:12.345Z"), set by the store when the record is written.

/// One film of one patient. Keyed by its SOP instance UID, or by its source path when it has none (PNG).
struct CaseRecord {
    qint64 id = 0;
    QString sourcePath;  ///< film file the case was opened from
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString patientId;
    QString patientName;
    QString sex;  ///< "M", "F" or empty when unknown
    QDate birthDate;
    QDate studyDate;
    QString createdUtc;
};

/// One model prediction for a case.
struct PredictionRecord {
    qint64 id = 0;
    qint64 caseId = 0;
    QString modelName;
    QString modelVersion;
    QString modelSha256;
    QString device;  ///< "cpu", "cuda", ...
    double boneAgeMonths = 0.0;
    std::optional<double> sdMonths;  ///< empty when the reference SD is unknown
    std::optional<double> zScore;    ///< empty when the chronological age is unknown
    QString verdict;                 ///< delayed|normal|advanced|unknown
    QJsonObject timingsMs;           ///< {"load":..,"preprocess":..,"inference":..,"gradcam":..}
    QString createdUtc;
};

/// A radiologist's decision on a case: confirm the model's value or override it.
struct ReadRecord {
    enum class Kind { Confirm, Override };

    qint64 id = 0;
    qint64 caseId = 0;
    std::optional<qint64> predictionId;  ///< the prediction shown when the decision was made, if any
    QString reader;                      ///< empty: the store's actor
    double valueMonths = 0.0;
    Kind kind = Kind::Confirm;
    QString reason;      ///< free text (overrides)
    QString reasonCode;  ///< short code from the UI's list (schema 2); empty when none
    QString createdUtc;
};

/// A signed report exported for a case.
struct ReportRecord {
    qint64 id = 0;
    qint64 caseId = 0;
    QString pdfSha256;
    QString srSha256;
    QString signer;  ///< empty: the store's actor
    QString createdUtc;
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

/// "confirm" / "override".
const char* readKindName(ReadRecord::Kind kind);
/// Inverse of readKindName(); nullopt for anything else.
std::optional<ReadRecord::Kind> parseReadKind(const QString& text);

}  // namespace boneage::store
