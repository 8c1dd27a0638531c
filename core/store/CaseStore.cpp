#include "store/CaseStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThread>
#include <QVariant>
#include <cmath>

#include "store/AuditChain.h"
#include "store/CaseQueries.h"
#include "store/Connection.h"
#include "store/SchemaMigrator.h"
#include "store/StoreLog.h"

namespace boneage::store {

using detail::Connection;
using detail::SqlFailure;

namespace {

// A write that loses a lock race is rolled back and retried; SQLite's busy timeout already waits up to 10 s
// per statement, so running out of attempts means the database is stuck, not merely busy.
constexpr int kMaxWriteAttempts = 8;

/// The audit row a write transaction appends after storing its record.
struct AuditIntent {
    QString action;
    std::optional<qint64> caseId;
    QJsonObject details;
    bool skip = false;  ///< nothing changed: commit nothing, append nothing
};

QString nowUtc() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

qint64 insertReturningId(Connection& connection, QSqlQuery& query, const char* what) {
    connection.exec(query, what);
    if (!query.next()) {
        throw Error(ErrorCode::Storage, connection.subject(), std::string(what) + ": no id returned");
    }
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

[[noreturn]] void invalid(const CaseStore& store, const std::string& cause) {
    throw Error(ErrorCode::Storage, store.config().describe().toStdString(), cause);
}

bool isFiniteNonNegative(double value) {
    return std::isfinite(value) && value >= 0.0;
}

}  // namespace

CaseStore::CaseStore(const StoreConfig& config, QString actor)
    : m_config(config), m_actor(std::move(actor)), m_owner(QThread::currentThread()) {
    if (m_actor.trimmed().isEmpty()) {
        throw Error(ErrorCode::Storage, m_config.describe().toStdString(),
                    "no actor given for the audit log");
    }
    m_connection = std::make_unique<Connection>(m_config);
    const int version = detail::SchemaMigrator::currentVersion(*m_connection);
    if (m_config.readOnly) {
        if (version < 1) {
            throw Error(ErrorCode::Storage, m_connection->subject(), "not a BoneAge case database");
        }
        if (version > latestSchemaVersion()) {
            throw Error(ErrorCode::Storage, m_connection->subject(),
                        "the database has schema version " + std::to_string(version) +
                            ", newer than this program supports (" + std::to_string(latestSchemaVersion()) +
                            ")");
        }
    } else {
        detail::SchemaMigrator::migrate(*m_connection, m_actor);
    }
}

void CaseStore::setActor(const QString& actor) {
    checkThread();
    if (actor.trimmed().isEmpty()) {
        invalid(*this, "no actor given for the audit log");
    }
    m_actor = actor;
}

CaseStore::~CaseStore() {
    if (QThread::currentThread() != m_owner) {
        qCWarning(lcStore) << "a CaseStore was destroyed outside its owner thread";
    }
}

int CaseStore::latestSchemaVersion() {
    return detail::SchemaMigrator::latestVersion();
}

void CaseStore::checkThread() const {
    if (QThread::currentThread() != m_owner) {
        throw Error(ErrorCode::Storage, m_config.describe().toStdString(),
                    "the case store was used from a thread other than the one that opened it "
                    "(make one CaseStore per thread)");
    }
}

void CaseStore::checkWritable() const {
    checkThread();
    if (m_config.readOnly) {
        invalid(*this, "the case database was opened read-only");
    }
}

int CaseStore::schemaVersion() const {
    checkThread();
    return detail::SchemaMigrator::currentVersion(*m_connection);
}

template <typename Body>
qint64 CaseStore::writeTransaction(const char* what, Body&& body) {
    checkWritable();
    for (int attempt = 1;; ++attempt) {
        try {
            m_connection->beginWrite();
            AuditIntent intent;
            const qint64 id = body(intent);
            if (!intent.skip) {
                detail::appendAudit(*m_connection, m_actor, intent.action, intent.caseId, intent.details);
            }
            m_connection->commit();
            return id;
        } catch (const SqlFailure& failure) {
            m_connection->rollback();
            if (!failure.transient() || attempt >= kMaxWriteAttempts) {
                if (failure.transient()) {
                    throw Error(ErrorCode::Storage, failure.subject(),
                                std::string(what) + ": the database stayed locked after " +
                                    std::to_string(attempt) + " attempts (" + failure.cause() + ")");
                }
                throw;
            }
            ++m_retries;
            qCDebug(lcStore) << what << "lost a lock race, retrying; attempt" << attempt;
            QThread::msleep(QRandomGenerator::global()->bounded(1u, 5u + 10u * unsigned(attempt)));
        } catch (...) {
            m_connection->rollback();
            throw;
        }
    }
}

qint64 CaseStore::upsertCase(const CaseRecord& record) {
    if (record.sopInstanceUid.isEmpty() && record.sourcePath.isEmpty()) {
        invalid(*this, "a case needs a SOP instance UID or a source path");
    }
    return writeTransaction("store a case", [&](AuditIntent& intent) -> qint64 {
        detail::CaseFilter filter;
        if (!record.sopInstanceUid.isEmpty()) {
            filter.sopInstanceUid = record.sopInstanceUid;
        } else {
            filter.sourcePathWithoutUid = record.sourcePath;
        }
        const std::vector<CaseSummary> existing = detail::queryCaseSummaries(*m_connection, filter);
        const QVariant birth = detail::nullableDate(record.film.birthDate);
        const QVariant study = detail::nullableDate(record.film.studyDate);
        const QVariant sex = detail::text(sexText(record.film.sex));
        if (existing.empty()) {
            QSqlQuery insert = m_connection->prepare(QStringLiteral(
                "INSERT INTO cases (source_path, sop_uid, study_uid, series_uid, patient_id, patient_name, "
                "accession_number, study_description, sex, birth_date, study_date, created_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
            for (const QVariant& v :
                 {detail::text(record.sourcePath), detail::text(record.sopInstanceUid),
                  detail::text(record.studyInstanceUid), detail::text(record.seriesInstanceUid),
                  detail::text(record.patientId), detail::text(record.patientName),
                  detail::text(record.accessionNumber), detail::text(record.studyDescription), sex, birth,
                  study, QVariant(nowUtc())}) {
                insert.addBindValue(v);
            }
            const qint64 id = insertReturningId(*m_connection, insert, "insert a case");
            intent = {QStringLiteral("case_create"), id, QJsonObject{{QStringLiteral("case_id"), id}}};
            return id;
        }
        const CaseRecord& old = existing.front().caseRecord;
        // Field names only: the audit log never repeats patient identifiers.
        QJsonArray changed;
        auto differs = [&changed](const char* name, const auto& a, const auto& b) {
            if (a != b) {
                changed.append(QLatin1String(name));
            }
        };
        differs("source_path", old.sourcePath, record.sourcePath);
        differs("study_uid", old.studyInstanceUid, record.studyInstanceUid);
        differs("series_uid", old.seriesInstanceUid, record.seriesInstanceUid);
        differs("patient_id", old.patientId, record.patientId);
        differs("patient_name", old.patientName, record.patientName);
        differs("accession_number", old.accessionNumber, record.accessionNumber);
        differs("study_description", old.studyDescription, record.studyDescription);
        differs("sex", old.film.sex, record.film.sex);
        differs("birth_date", old.film.birthDate, record.film.birthDate);
        differs("study_date", old.film.studyDate, record.film.studyDate);
        if (changed.isEmpty()) {
            intent.skip = true;
            return old.id;
        }
        // What a reader entered stays: an import refreshes only what the film says.
        QSqlQuery update =
            m_connection->prepare(QStringLiteral("UPDATE cases SET source_path = ?, study_uid = ?, "
                                                 "series_uid = ?, patient_id = ?, patient_name = ?, "
                                                 "accession_number = ?, study_description = ?, sex = ?, "
                                                 "birth_date = ?, study_date = ? WHERE id = ?"));
        for (const QVariant& v :
             {detail::text(record.sourcePath), detail::text(record.studyInstanceUid),
              detail::text(record.seriesInstanceUid), detail::text(record.patientId),
              detail::text(record.patientName), detail::text(record.accessionNumber),
              detail::text(record.studyDescription), sex, birth, study, QVariant(old.id)}) {
            update.addBindValue(v);
        }
        m_connection->exec(update, "update a case");
        intent = {QStringLiteral("case_update"), old.id,
                  QJsonObject{{QStringLiteral("case_id"), old.id}, {QStringLiteral("changed"), changed}}};
        return old.id;
    });
}

void CaseStore::setEnteredFacts(qint64 caseId, const PatientFacts& entered) {
    writeTransaction("store what the reader entered", [&](AuditIntent& intent) -> qint64 {
        detail::CaseFilter filter;
        filter.caseId = caseId;
        const std::vector<CaseSummary> existing = detail::queryCaseSummaries(*m_connection, filter);
        if (existing.empty()) {
            throw Error(ErrorCode::Storage, m_connection->subject(), "no case with that id");
        }
        const PatientFacts& old = existing.front().caseRecord.entered;
        QJsonArray changed;
        if (old.sex != entered.sex)
            changed.append(QStringLiteral("entered_sex"));
        if (old.birthDate != entered.birthDate)
            changed.append(QStringLiteral("entered_birth_date"));
        if (old.studyDate != entered.studyDate)
            changed.append(QStringLiteral("entered_study_date"));
        if (changed.isEmpty()) {
            intent.skip = true;
            return caseId;
        }
        QSqlQuery update = m_connection->prepare(
            QStringLiteral("UPDATE cases SET entered_sex = ?, entered_birth_date = ?, entered_study_date = ? "
                           "WHERE id = ?"));
        for (const QVariant& v : {detail::text(sexText(entered.sex)), detail::nullableDate(entered.birthDate),
                                  detail::nullableDate(entered.studyDate), QVariant(caseId)}) {
            update.addBindValue(v);
        }
        m_connection->exec(update, "update a case");
        intent = {QStringLiteral("case_update"), caseId,
                  QJsonObject{{QStringLiteral("case_id"), caseId},
                              {QStringLiteral("changed"), changed},
                              {QStringLiteral("source"), QStringLiteral("reader")}}};
        return caseId;
    });
}

qint64 CaseStore::addPrediction(const PredictionRecord& record) {
    if (!isFiniteNonNegative(record.boneAgeMonths)) {
        invalid(*this, "a prediction needs a finite, non-negative bone age");
    }
    if (record.modelName.isEmpty()) {
        invalid(*this, "a prediction needs a model name");
    }
    // As a package's manifest may give it (engine::Manifest: a coverage in [0, 1], half widths >= 0).
    if (const auto& i = record.interval;
        i && !(isFiniteNonNegative(i->lowMonths) && std::isfinite(i->highMonths) &&
               i->lowMonths <= i->highMonths && i->coverage >= 0 && i->coverage <= 1)) {
        invalid(*this, "a prediction's interval needs 0 <= low <= high months and a coverage in [0, 1]");
    }
    return writeTransaction("store a prediction", [&](AuditIntent& intent) -> qint64 {
        QSqlQuery insert = m_connection->prepare(QStringLiteral(
            "INSERT INTO predictions (case_id, model_name, model_version, model_sha256, device, months, "
            "sd_months, z_score, verdict, timings_json, created_utc, interval_low_months, "
            "interval_high_months, interval_coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id"));
        const std::optional<PredictionInterval>& interval = record.interval;
        const QString verdict = QLatin1String(clinical::verdictName(record.verdict));
        for (const QVariant& v :
             {QVariant(record.caseId), detail::text(record.modelName), detail::text(record.modelVersion),
              detail::text(record.modelSha256), detail::text(record.device), QVariant(record.boneAgeMonths),
              detail::nullableDouble(record.sdMonths), detail::nullableDouble(record.zScore),
              detail::text(verdict),
              QVariant(QString::fromUtf8(QJsonDocument(record.timingsMs).toJson(QJsonDocument::Compact))),
              QVariant(nowUtc()),
              detail::nullableDouble(interval ? std::optional(interval->lowMonths) : std::nullopt),
              detail::nullableDouble(interval ? std::optional(interval->highMonths) : std::nullopt),
              detail::nullableDouble(interval ? std::optional(interval->coverage) : std::nullopt)}) {
            insert.addBindValue(v);
        }
        const qint64 id = insertReturningId(*m_connection, insert, "insert a prediction");
        QJsonObject details{{QStringLiteral("prediction_id"), id},
                            {QStringLiteral("model"), record.modelName},
                            {QStringLiteral("model_version"), record.modelVersion},
                            {QStringLiteral("months"), record.boneAgeMonths},
                            {QStringLiteral("verdict"), verdict}};
        if (interval)
            details.insert(QStringLiteral("interval"),
                           QJsonArray{interval->lowMonths, interval->highMonths, interval->coverage});
        intent = {QStringLiteral("predict"), record.caseId, details};
        return id;
    });
}

qint64 CaseStore::addRead(const ReadRecord& record) {
    if (!isFiniteNonNegative(record.valueMonths)) {
        invalid(*this, "a read needs a finite, non-negative bone age");
    }
    if (record.kind == ReadRecord::Kind::Confirm && !record.predictionId) {
        invalid(*this, "a confirm needs the prediction it confirms");
    }
    return writeTransaction("store a read", [&](AuditIntent& intent) -> qint64 {
        const QString reader = record.reader.isEmpty() ? m_actor : record.reader;
        const QString kind = QLatin1String(readKindName(record.kind));
        const QString verdict = QLatin1String(clinical::verdictName(record.verdict));
        if (record.predictionId) {
            QSqlQuery owner =
                m_connection->prepare(QStringLiteral("SELECT case_id FROM predictions WHERE id = ?"));
            owner.addBindValue(*record.predictionId);
            m_connection->exec(owner, "look up a prediction");
            if (!owner.next() || owner.value(0).toLongLong() != record.caseId) {
                throw Error(ErrorCode::Storage, m_connection->subject(),
                            "the decision names a prediction of another case");
            }
        }
        QSqlQuery insert = m_connection->prepare(
            QStringLiteral("INSERT INTO reads (case_id, prediction_id, reader, value_months, kind, reason, "
                           "reason_code, sd_months, z_score, verdict, created_utc) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
        for (const QVariant& v :
             {QVariant(record.caseId), detail::nullableId(record.predictionId), detail::text(reader),
              QVariant(record.valueMonths), detail::text(kind), detail::text(record.reason),
              detail::text(record.reasonCode), detail::nullableDouble(record.sdMonths),
              detail::nullableDouble(record.zScore), detail::text(verdict), QVariant(nowUtc())}) {
            insert.addBindValue(v);
        }
        const qint64 id = insertReturningId(*m_connection, insert, "insert a read");
        QJsonObject details{{QStringLiteral("read_id"), id},
                            {QStringLiteral("reader"), reader},
                            {QStringLiteral("value_months"), record.valueMonths}};
        if (record.predictionId) {
            details.insert(QStringLiteral("prediction_id"), *record.predictionId);
        }
        if (!record.reasonCode.isEmpty()) {
            details.insert(QStringLiteral("reason_code"), record.reasonCode);
        }
        details.insert(QStringLiteral("verdict"), verdict);
        intent = {kind, record.caseId, details};
        return id;
    });
}

qint64 CaseStore::addReport(const ReportRecord& record) {
    if (record.pdfSha256.isEmpty() && record.srSha256.isEmpty()) {
        invalid(*this, "a report needs the SHA-256 of its PDF or SR");
    }
    return writeTransaction("store a report", [&](AuditIntent& intent) -> qint64 {
        const QString signer = record.signer.isEmpty() ? m_actor : record.signer;
        if (record.readId) {
            QSqlQuery owner = m_connection->prepare(QStringLiteral("SELECT case_id FROM reads WHERE id = ?"));
            owner.addBindValue(*record.readId);
            m_connection->exec(owner, "look up a read");
            if (!owner.next() || owner.value(0).toLongLong() != record.caseId) {
                throw Error(ErrorCode::Storage, m_connection->subject(),
                            "the report names a decision of another case");
            }
        }
        // A revision supersedes the case's newest report, and only that one: a report signed elsewhere in
        // between (a shared database) makes this one stale rather than a second branch of revisions.
        QSqlQuery newest = m_connection->prepare(
            QStringLiteral("SELECT id, revision FROM reports WHERE case_id = ? ORDER BY id DESC LIMIT 1"));
        newest.addBindValue(record.caseId);
        m_connection->exec(newest, "look up the case's newest report");
        const bool hasReport = newest.next();
        const qint64 currentId = hasReport ? newest.value(0).toLongLong() : 0;  // ids start at 1
        const int expectedRevision = hasReport ? newest.value(1).toInt() + 1 : 1;
        newest.finish();
        if (record.supersedesId.value_or(0) != currentId) {
            throw Error(ErrorCode::Storage, m_connection->subject(),
                        hasReport ? "the case's newest report changed; the new report must supersede it"
                                  : "the report supersedes a report the case does not have");
        }
        if (record.revision != expectedRevision) {
            throw Error(ErrorCode::Storage, m_connection->subject(),
                        "the report's revision is " + std::to_string(record.revision) +
                            ", not the next one (" + std::to_string(expectedRevision) + ")");
        }
        QSqlQuery insert = m_connection->prepare(QStringLiteral(
            "INSERT INTO reports (case_id, pdf_sha256, sr_sha256, signer, created_utc, read_id, "
            "revision, supersedes_id, sr_sop_uid, sr_dicom) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
        for (const QVariant& v :
             {QVariant(record.caseId), detail::text(record.pdfSha256), detail::text(record.srSha256),
              detail::text(signer), QVariant(nowUtc()), detail::nullableId(record.readId),
              QVariant(record.revision), detail::nullableId(record.supersedesId),
              detail::text(record.srSopInstanceUid),
              record.srDicom.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray))
                                       : QVariant(record.srDicom)}) {
            insert.addBindValue(v);
        }
        const qint64 id = insertReturningId(*m_connection, insert, "insert a report");
        QJsonObject details{{QStringLiteral("report_id"), id},
                            {QStringLiteral("signer"), signer},
                            {QStringLiteral("pdf_sha256"), record.pdfSha256},
                            {QStringLiteral("sr_sha256"), record.srSha256},
                            {QStringLiteral("revision"), record.revision}};
        if (record.readId) {
            details.insert(QStringLiteral("read_id"), *record.readId);
        }
        if (record.supersedesId) {
            details.insert(QStringLiteral("supersedes_report_id"), *record.supersedesId);
        }
        intent = {QStringLiteral("report"), record.caseId, details};
        return id;
    });
}

void CaseStore::logView(qint64 caseId) {
    logEvent(QStringLiteral("view"), caseId);
}

qint64 CaseStore::logEvent(const QString& action, std::optional<qint64> caseId, const QJsonObject& details) {
    static const QRegularExpression kAction(QStringLiteral("^[a-z0-9_]{1,40}$"));
    if (!kAction.match(action).hasMatch()) {
        invalid(*this, "an audit action is 1 to 40 characters of a-z, 0-9 and _");
    }
    qint64 seq = 0;
    writeTransaction("log an event", [&](AuditIntent& intent) -> qint64 {
        if (caseId) {
            QSqlQuery exists = m_connection->prepare(QStringLiteral("SELECT 1 FROM cases WHERE id = ?"));
            exists.addBindValue(*caseId);
            m_connection->exec(exists, "look up a case");
            if (!exists.next()) {
                throw Error(ErrorCode::Storage, m_connection->subject(), "no case with that id");
            }
        }
        // Append here (not via the intent) to learn the sequence number.
        seq = detail::appendAudit(*m_connection, m_actor, action, caseId, details);
        intent.skip = true;
        return seq;
    });
    return seq;
}

std::vector<CaseSummary> CaseStore::listCases() const {
    checkThread();
    return detail::queryCaseSummaries(*m_connection, {});
}

std::optional<CaseSummary> CaseStore::caseSummary(qint64 caseId) const {
    checkThread();
    detail::CaseFilter filter;
    filter.caseId = caseId;
    std::vector<CaseSummary> found = detail::queryCaseSummaries(*m_connection, filter);
    return found.empty() ? std::nullopt : std::optional<CaseSummary>(std::move(found.front()));
}

std::optional<CaseSummary> CaseStore::findCaseBySopUid(const QString& sopInstanceUid) const {
    checkThread();
    if (sopInstanceUid.isEmpty()) {
        return std::nullopt;
    }
    detail::CaseFilter filter;
    filter.sopInstanceUid = sopInstanceUid;
    std::vector<CaseSummary> found = detail::queryCaseSummaries(*m_connection, filter);
    return found.empty() ? std::nullopt : std::optional<CaseSummary>(std::move(found.front()));
}

std::optional<PredictionRecord> CaseStore::latestPrediction(qint64 caseId) const {
    checkThread();
    std::vector<PredictionRecord> found = detail::queryPredictions(*m_connection, caseId, true);
    return found.empty() ? std::nullopt : std::optional<PredictionRecord>(std::move(found.front()));
}

std::optional<ReadRecord> CaseStore::latestRead(qint64 caseId) const {
    checkThread();
    std::vector<ReadRecord> found = detail::queryReads(*m_connection, caseId, true);
    return found.empty() ? std::nullopt : std::optional<ReadRecord>(std::move(found.front()));
}

std::vector<PredictionRecord> CaseStore::predictionsForCase(qint64 caseId) const {
    checkThread();
    return detail::queryPredictions(*m_connection, caseId, false);
}

std::vector<ReadRecord> CaseStore::readsForCase(qint64 caseId) const {
    checkThread();
    return detail::queryReads(*m_connection, caseId, false);
}

std::vector<ReportRecord> CaseStore::reportsForCase(qint64 caseId) const {
    checkThread();
    return detail::queryReports(*m_connection, caseId);
}

QByteArray CaseStore::reportSr(qint64 reportId) const {
    checkThread();
    QSqlQuery query = m_connection->prepare(QStringLiteral("SELECT sr_dicom FROM reports WHERE id = ?"));
    query.addBindValue(reportId);
    m_connection->exec(query, "read a report's SR");
    return query.next() ? query.value(0).toByteArray() : QByteArray();
}

std::vector<ReadRecord> CaseStore::allReads() const {
    checkThread();
    return detail::queryReads(*m_connection, std::nullopt, false);
}

std::vector<AuditEntry> CaseStore::auditEntries(std::optional<qint64> caseId) const {
    checkThread();
    return detail::readAuditEntries(*m_connection, caseId);
}

AuditVerification CaseStore::verifyAudit(const std::vector<AuditAnchor>& anchors) const {
    checkThread();
    return detail::verifyAuditChain(*m_connection, anchors);
}

}  // namespace boneage::store
