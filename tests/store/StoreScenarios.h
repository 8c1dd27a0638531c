#pragma once

// Test scenarios shared by the SQLite and PostgreSQL test classes, so both backends pass the very same
// checks. Each returns figures and an empty `failure` on success, or says what went wrong.

#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

#include "store/Records.h"
#include "store/StoreConfig.h"

namespace boneage::store::detail {
class Connection;
}

namespace boneage::store::test {

/// What an older build stored for a new case, written straight into `raw` inside its write transaction (for
/// the migration tests): the cases row (created 2024-01-01) and its case_create audit row. Returns its id.
qint64 insertOldBuildCase(detail::Connection& raw, const QString& sopUid, const QString& sourcePath,
                          const QString& sex);

struct ConcurrencyFigures {
    qint64 expectedWrites = 0;
    qint64 committedWrites = 0;  ///< as reported by the writers
    qint64 rowsFound = 0;        ///< cases + predictions + reads found in the database afterwards
    qint64 auditRows = 0;
    qint64 errors = 0;
    qint64 retries = 0;
    qint64 elapsedMs = 0;
    QString failure;
};

/// `threads` threads in this process and `processes` child processes (boneage_store_child write) each run
/// runWorkload() with `writesEach` writes on `config`, all starting together on a database nobody has opened
/// yet (so they also race to create the schema). Then checks: no errors, every committed write present
/// (per writer and table), audit rows = migrations + writes, and the chain verifies.
ConcurrencyFigures runConcurrency(const StoreConfig& config, const QString& childExecutable, int threads,
                                  int processes, int writesEach);

/// The concurrency line on `config`: 4 threads and 2 processes, 2,000 writes each (or
/// $BONEAGE_CONCURRENCY_WRITES), logged as "<backend>: ..." figures. Empty when runConcurrency found nothing
/// wrong, no writer reported an error and every write committed and was found; otherwise what differed.
QString checkConcurrency(const StoreConfig& config, const QString& childExecutable, const char* backend);

/// One way of tampering with a populated database (see populateForTamper), and what verifyAudit must say.
struct TamperCase {
    QString name;
    QStringList sql;  ///< run after the append-only triggers are dropped
    bool expectOk = false;
    qint64 expectBadSeq = 0;
    QString expectProblem;  ///< a fragment of AuditVerification::problem
};
std::vector<TamperCase> tamperCases();

/// Ten audit rows: 2 migrations, case, prediction, read (value 120), view, report, case, read, pacs_send.
void populateForTamper(const StoreConfig& config);
/// The audit rows populateForTamper() leaves: the schema migrations and its eight writes.
qint64 tamperAuditRows();
/// Drops the append-only triggers (an attacker with database access can), then runs `sql`.
void tamperWith(const StoreConfig& config, const QStringList& sql);
/// Populates, tampers as `c` says and runs verifyAudit(); empty when the verdict is what `c` expects (ok with
/// all ten rows checked and no problem, or the expected first bad row and problem), otherwise what differed.
QString checkTamperCase(const StoreConfig& config, const TamperCase& c);
/// An attacker with write access rewrites the chain consistently: edits one row and re-hashes every row after
/// it and the head; separately, drops the last row and moves the head back. The chain alone still verifies
/// both (the known limit of a hash chain), and the head printed before as an anchor finds both. Empty when
/// that holds, otherwise what differed.
QString checkRewrittenChain(const StoreConfig& rewritten, const StoreConfig& truncated);
/// True when the database refuses UPDATE and DELETE on audit_log.
bool auditLogRefusesChanges(const StoreConfig& config);

/// Builds a schema-1 database with data (applying only migration 1), then opens it with CaseStore and checks
/// the upgrade to the latest schema, the old data, the new column and the audit chain; then checks a
/// database from a newer build is refused. Empty on success.
QString runMigrationUpgrade(const StoreConfig& config);

}  // namespace boneage::store::test
