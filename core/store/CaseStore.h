#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "store/Records.h"
#include "store/StoreConfig.h"

class QThread;

namespace boneage::store {

namespace detail {
class Connection;
}

/// The case database: cases, predictions, reads, reports and the hash-chained audit log.
///
/// Thread affinity: a CaseStore owns one database connection that belongs to the thread that constructed
/// it (its owner). Every method must be called on that thread, and the object must be destroyed there; a
/// call from any other thread throws boneage::Error(ErrorCode::Storage) before touching the connection.
/// Make one CaseStore per thread (GUI thread, each worker); they may share one database, and several
/// processes or workstations may too.
///
/// Writes: each write method runs one explicit transaction that stores the record and appends its audit
/// row; both commit together or neither does. Writers are serialised (SQLite: BEGIN IMMEDIATE in WAL mode
/// with synchronous=FULL and a busy timeout; PostgreSQL: LOCK TABLE audit_log IN EXCLUSIVE MODE), and a
/// transaction that loses a lock race (SQLITE_BUSY, serialisation failure, deadlock) is rolled back and
/// retried a bounded number of times before it is reported.
///
/// Failures: every method throws boneage::Error(ErrorCode::Storage, <database>, <cause>) when the database
/// cannot be opened, a statement fails or an argument is invalid. Errors never carry patient identifiers.
class CaseStore {
public:
    /// Opens (SQLite: creating the file and folder) and migrates the database to the latest schema.
    /// `actor` names who acts (user login or service name); it is written into every audit row.
    explicit CaseStore(const StoreConfig& config, QString actor);
    ~CaseStore();
    CaseStore(const CaseStore&) = delete;
    CaseStore& operator=(const CaseStore&) = delete;

    const StoreConfig& config() const { return m_config; }
    const QString& actor() const { return m_actor; }
    /// Who acts from now on (the reader signed in at the workstation); written into every later audit row
    /// and into reads and reports that name no reader. Throws Error(Storage) for an empty name.
    void setActor(const QString& actor);
    /// The thread this store belongs to.
    QThread* ownerThread() const { return m_owner; }

    /// Highest applied migration (see latestSchemaVersion()).
    int schemaVersion() const;
    /// The schema version this build creates and understands.
    static int latestSchemaVersion();

    // --- writes (each: one transaction + one audit row) ---------------------------------------------

    /// Inserts the case, or updates the existing one with the same SOP instance UID (or, without a UID,
    /// the same source path). Returns its id. Audit action "case_create" or "case_update"; an upsert that
    /// changes nothing writes nothing. Only what the film says is written: `record.entered` is ignored (an
    /// import never overwrites what a reader entered).
    qint64 upsertCase(const CaseRecord& record);
    /// Stores what a reader entered for the patient (sex, birth and study date; unknown fields clear an
    /// earlier entry). Audit action "case_update" with source "reader" and the changed field names; no
    /// change writes nothing. Throws Error(Storage) for an unknown case.
    void setEnteredFacts(qint64 caseId, const PatientFacts& entered);
    /// Audit action "predict". Returns the new prediction id.
    qint64 addPrediction(const PredictionRecord& record);
    /// Audit action "confirm" or "override". An empty reader means actor(). A confirm must name the
    /// prediction it confirms, and a named prediction must belong to the case (else Error(Storage)).
    /// Returns the new read id.
    qint64 addRead(const ReadRecord& record);
    /// Audit action "report" (signer, both SHA-256, revision, the read and the report superseded). An empty
    /// signer means actor(). A named read must belong to the case. `supersedesId` must be the case's newest
    /// report (none for a first report) and `revision` the next one, so a report signed in between on
    /// another workstation makes this one fail rather than fork the revisions; the superseded report then
    /// reads as superseded (supersededById). Returns the new report id.
    qint64 addReport(const ReportRecord& record);
    /// Audit action "view" for the case.
    void logView(qint64 caseId);
    /// Any other audited event ("pacs_send", "export", ...): `action` is lower-case [a-z0-9_]+. `details`
    /// must not carry patient identifiers. Returns the audit sequence number.
    qint64 logEvent(const QString& action, std::optional<qint64> caseId, const QJsonObject& details = {});

    // --- reads --------------------------------------------------------------------------------------

    /// Every case with its latest prediction, read and report, newest case first (the worklist).
    std::vector<CaseSummary> listCases() const;
    std::optional<CaseSummary> caseSummary(qint64 caseId) const;
    std::optional<CaseSummary> findCaseBySopUid(const QString& sopInstanceUid) const;
    std::optional<PredictionRecord> latestPrediction(qint64 caseId) const;
    std::optional<ReadRecord> latestRead(qint64 caseId) const;
    /// All predictions / reads / reports of a case, oldest first (the review panel).
    std::vector<PredictionRecord> predictionsForCase(qint64 caseId) const;
    std::vector<ReadRecord> readsForCase(qint64 caseId) const;
    std::vector<ReportRecord> reportsForCase(qint64 caseId) const;
    /// The signed SR stored with a report (schema 4), the predecessor a revision needs; empty when the
    /// report has none or does not exist.
    QByteArray reportSr(qint64 reportId) const;
    /// Every read of every case, oldest first (reader review and QA).
    std::vector<ReadRecord> allReads() const;
    /// Audit rows of one case, or of the whole log without a case, in sequence order.
    std::vector<AuditEntry> auditEntries(std::optional<qint64> caseId = std::nullopt) const;

    /// Walks the whole audit chain in one consistent snapshot: sequence numbers gapless from 1, every
    /// prev_hash equal to the previous row's hash, every hash matching its row, and the chain head (last
    /// seq and hash, updated with every append) matching the last row, so edited, deleted, inserted,
    /// reordered and truncated rows are all found. Then checks every case, prediction, read and report
    /// against the audit row that recorded it (exactly one each; ids, case, value/kind/reader, model/months,
    /// signer/hashes agree), so a decision edited, deleted or inserted around the store is found too.
    /// Each anchor's row must exist and still have the anchored hash (a rewritten, re-hashed chain).
    /// Throws only when the log cannot be read.
    AuditVerification verifyAudit(const std::vector<AuditAnchor>& anchors = {}) const;

    /// Transactions retried after a lock race since this store was opened (diagnostics and tests).
    qint64 transientRetries() const { return m_retries; }

private:
    void checkThread() const;
    void checkWritable() const;
    template <typename Body>
    qint64 writeTransaction(const char* what, Body&& body);

    StoreConfig m_config;
    QString m_actor;
    QThread* m_owner = nullptr;
    std::unique_ptr<detail::Connection> m_connection;
    qint64 m_retries = 0;
};

}  // namespace boneage::store
