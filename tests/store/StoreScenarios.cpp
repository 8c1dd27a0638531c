#include "StoreScenarios.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>
#include <QVariant>
#include <memory>
#include <thread>

#include "StoreWorkload.h"
#include "common/Error.h"
#include "store/AuditChain.h"
#include "store/CaseStore.h"
#include "store/Connection.h"
#include "store/SchemaMigrator.h"

namespace boneage::store::test {

namespace {

qint64 countRows(detail::Connection& connection, const QString& sql, const QString& bind) {
    QSqlQuery query = connection.prepare(sql);
    query.addBindValue(bind);
    connection.exec(query, "count rows");
    return query.next() ? query.value(0).toLongLong() : -1;
}

QString describe(const WorkloadResult& r) {
    return QStringLiteral("cases %1, predictions %2, reads %3, errors %4")
        .arg(r.cases)
        .arg(r.predictions)
        .arg(r.reads)
        .arg(r.errors);
}

}  // namespace

qint64 insertOldBuildCase(detail::Connection& raw, const QString& sopUid, const QString& sourcePath,
                          const QString& sex) {
    QSqlQuery insert =
        raw.prepare(QStringLiteral("INSERT INTO cases (sop_uid, source_path, sex, created_utc) "
                                   "VALUES (?, ?, ?, '2024-01-01T00:00:00.000Z') RETURNING id"));
    insert.addBindValue(sopUid);
    insert.addBindValue(sourcePath);
    insert.addBindValue(sex);
    raw.exec(insert, "insert an old build's case");
    insert.next();
    const qint64 id = insert.value(0).toLongLong();
    insert.finish();
    detail::appendAudit(raw, QStringLiteral("old-build"), QStringLiteral("case_create"), id,
                        QJsonObject{{QStringLiteral("case_id"), id}});
    return id;
}

ConcurrencyFigures runConcurrency(const StoreConfig& config, const QString& childExecutable, int threads,
                                  int processes, int writesEach) {
    ConcurrencyFigures figures;
    const WorkloadResult expected = expectedWorkload(writesEach);
    figures.expectedWrites = expected.writes() * (threads + processes);
    QStringList tags;
    std::vector<std::unique_ptr<QProcess>> children;
    for (int p = 0; p < processes; ++p) {
        const QString tag = QStringLiteral("proc%1").arg(p);
        tags << tag;
        auto child = std::make_unique<QProcess>();
        child->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child->start(childExecutable, QStringList{QStringLiteral("write")} + childDatabaseArguments(config) +
                                          QStringList{QStringLiteral("--count"), QString::number(writesEach),
                                                      QStringLiteral("--tag"), tag});
        if (!child->waitForStarted(10000)) {
            figures.failure = QStringLiteral("cannot start the child: ") + child->errorString();
            return figures;
        }
        children.push_back(std::move(child));
    }
    QElapsedTimer timer;
    timer.start();
    for (auto& child : children) {
        child->write("go\n");
        child->waitForBytesWritten(1000);
    }
    std::vector<WorkloadResult> results(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        const QString tag = QStringLiteral("thread%1").arg(t);
        tags << tag;
        workers.emplace_back(
            [&results, t, config, tag, writesEach] { results[t] = runWorkload(config, tag, writesEach); });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    for (auto& child : children) {
        if (!child->waitForFinished(240000) || child->exitCode() != 0) {
            child->kill();
            child->waitForFinished(5000);
            figures.failure = QStringLiteral("a child writer failed or timed out");
            return figures;
        }
        const QByteArray line = child->readAllStandardOutput().trimmed();
        results.push_back(WorkloadResult::fromJson(QJsonDocument::fromJson(line).object()));
    }
    figures.elapsedMs = timer.elapsed();
    // results: threads first, then processes; tags: processes first, then threads.
    std::rotate(tags.begin(), tags.begin() + processes, tags.end());

    QStringList problems;
    for (size_t i = 0; i < results.size(); ++i) {
        const WorkloadResult& r = results[i];
        figures.committedWrites += r.writes();
        figures.errors += r.errors;
        figures.retries += r.retries;
        if (r.errors > 0 || r.writes() != expected.writes()) {
            problems << QStringLiteral("%1 committed %2 (expected %3); first error: %4")
                            .arg(tags[qsizetype(i)], describe(r), describe(expected), r.firstError);
        }
    }
    CaseStore store(config, QStringLiteral("verifier"));
    detail::Connection raw(config);
    for (const QString& tag : tags) {
        const qint64 cases = countRows(raw, QStringLiteral("SELECT COUNT(*) FROM cases WHERE sop_uid LIKE ?"),
                                       tag + QStringLiteral(".%"));
        const qint64 predictions =
            countRows(raw, QStringLiteral("SELECT COUNT(*) FROM predictions WHERE model_name = ?"), tag);
        const qint64 reads =
            countRows(raw, QStringLiteral("SELECT COUNT(*) FROM reads WHERE reader = ?"), tag);
        const qint64 audits = countRows(
            raw, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action <> 'migrate'"),
            tag);
        figures.rowsFound += cases + predictions + reads;
        if (cases != expected.cases || predictions != expected.predictions || reads != expected.reads ||
            audits != expected.writes()) {
            problems << QStringLiteral("%1: found cases %2, predictions %3, reads %4, audit rows %5")
                            .arg(tag)
                            .arg(cases)
                            .arg(predictions)
                            .arg(reads)
                            .arg(audits);
        }
    }
    const AuditVerification verification = store.verifyAudit();
    figures.auditRows = verification.rowsChecked;
    if (!verification.ok) {
        problems << QStringLiteral("audit chain broken: ") + verification.problem;
    }
    if (figures.auditRows != figures.expectedWrites + CaseStore::latestSchemaVersion()) {
        problems << QStringLiteral("%1 audit rows, expected %2")
                        .arg(figures.auditRows)
                        .arg(figures.expectedWrites + CaseStore::latestSchemaVersion());
    }
    figures.failure = problems.join(QStringLiteral("; "));
    return figures;
}

std::vector<TamperCase> tamperCases() {
    // populateForTamper's k-th write is audit row (migrations + k): the migrations come first.
    const int migrations = CaseStore::latestSchemaVersion();
    const auto seqOfWrite = [migrations](int k) { return migrations + k; };
    const auto w = [&](int k) { return QString::number(seqOfWrite(k)); };
    return {
        {QStringLiteral("untouchedLog_ShouldVerify"), {}, true, 0, {}},
        {QStringLiteral("editedAuditValue_ShouldFailAtThatRow"),
         {QStringLiteral("UPDATE audit_log SET details = replace(details, '120', '121') WHERE seq = ") +
          w(3) + QStringLiteral("")},
         false,
         seqOfWrite(3),
         QStringLiteral("edited")},
        {QStringLiteral("editedAuditActor_ShouldFailAtThatRow"),
         {QStringLiteral("UPDATE audit_log SET actor = 'someone.else' WHERE seq = ") + w(1) +
          QStringLiteral("")},
         false,
         seqOfWrite(1),
         QStringLiteral("edited")},
        {QStringLiteral("deletedMiddleRow_ShouldReportTheGap"),
         {QStringLiteral("DELETE FROM audit_log WHERE seq = ") + w(4) + QStringLiteral("")},
         false,
         seqOfWrite(4),
         QStringLiteral("missing")},
        {QStringLiteral("deletedAndRenumbered_ShouldBreakTheChain"),
         {QStringLiteral("DELETE FROM audit_log WHERE seq = ") + w(4) + QStringLiteral(""),
          QStringLiteral("UPDATE audit_log SET seq = -seq WHERE seq > ") + w(4) + QStringLiteral(""),
          QStringLiteral("UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0")},
         false,
         seqOfWrite(4),
         QStringLiteral("does not follow")},
        {QStringLiteral("deletedLastRow_ShouldReportTruncation"),
         {QStringLiteral("DELETE FROM audit_log WHERE seq = ") + w(8) + QStringLiteral("")},
         false,
         seqOfWrite(8),
         QStringLiteral("removed from the end")},
        {QStringLiteral("swappedRows_ShouldReportReordering"),
         {QStringLiteral("UPDATE audit_log SET seq = -") + w(3) + QStringLiteral(" WHERE seq = ") + w(3) +
              QStringLiteral(""),
          QStringLiteral("UPDATE audit_log SET seq = ") + w(3) + QStringLiteral(" WHERE seq = ") + w(2) +
              QStringLiteral(""),
          QStringLiteral("UPDATE audit_log SET seq = ") + w(2) + QStringLiteral(" WHERE seq = -") + w(3) +
              QStringLiteral("")},
         false,
         seqOfWrite(2),
         QStringLiteral("reordered")},
        {QStringLiteral("forgedAppendedRow_ShouldNotMatchTheHead"),
         {QStringLiteral(
              "INSERT INTO audit_log (seq, time_utc, actor, action, case_id, details, prev_hash, hash) "
              "SELECT ") +
          w(9) +
          QStringLiteral(", time_utc, actor, 'view', case_id, '{}', hash, hash FROM audit_log "
                         "WHERE seq = ") +
          w(8) + QStringLiteral("")},
         false,
         seqOfWrite(9),
         QStringLiteral("edited")},
        {QStringLiteral("editedReadValue_ShouldNotMatchItsAuditRow"),
         {QStringLiteral("UPDATE reads SET value_months = 130 WHERE id = (SELECT MIN(id) FROM reads)")},
         false,
         seqOfWrite(3),
         QStringLiteral("does not match its audit row")},
        {QStringLiteral("editedPredictionInterval_ShouldNotMatchItsAuditRow"),
         {QStringLiteral("UPDATE predictions SET interval_high_months = 140")},
         false,
         seqOfWrite(2),
         QStringLiteral("does not match its audit row")},
        {QStringLiteral("removedPredictionInterval_ShouldNotMatchItsAuditRow"),
         {QStringLiteral("UPDATE predictions SET interval_low_months = NULL, interval_high_months = NULL, "
                         "interval_coverage = NULL")},
         false,
         seqOfWrite(2),
         QStringLiteral("does not match its audit row")},
        {QStringLiteral("deletedRead_ShouldLeaveAnOrphanAuditRow"),
         {QStringLiteral("DELETE FROM reads WHERE id = (SELECT MAX(id) FROM reads)")},
         false,
         seqOfWrite(7),
         QStringLiteral("missing")},
        {QStringLiteral("readWithoutAuditRow_ShouldBeFound"),
         {QStringLiteral("INSERT INTO reads (case_id, reader, value_months, kind, reason, created_utc) "
                         "SELECT case_id, reader, 99, 'override', 'forged', created_utc FROM reads "
                         "WHERE id = (SELECT MIN(id) FROM reads)")},
         false,
         0,
         QStringLiteral("no audit row")},
    };
}

qint64 tamperAuditRows() {
    return CaseStore::latestSchemaVersion() + 8;
}

void populateForTamper(const StoreConfig& config) {
    CaseStore store(config, QStringLiteral("dr.test"));
    CaseRecord c;
    c.sopInstanceUid = QStringLiteral("1.2.3.4");
    c.sourcePath = QStringLiteral("/films/a.dcm");
    const qint64 caseId = store.upsertCase(c);
    PredictionRecord p;
    p.caseId = caseId;
    p.modelName = QStringLiteral("cheng2021");
    p.boneAgeMonths = 118.25;
    p.interval = PredictionInterval{104.0, 133.5, 0.9};
    const qint64 predictionId = store.addPrediction(p);
    ReadRecord r;
    r.caseId = caseId;
    r.predictionId = predictionId;
    r.valueMonths = 120;
    r.kind = ReadRecord::Kind::Override;
    store.addRead(r);
    store.logView(caseId);
    ReportRecord report;
    report.caseId = caseId;
    report.pdfSha256 = QString(64, QLatin1Char('b'));
    store.addReport(report);
    c.sopInstanceUid = QStringLiteral("1.2.3.5");
    const qint64 second = store.upsertCase(c);
    r.caseId = second;
    r.predictionId.reset();
    r.valueMonths = 84;
    r.kind = ReadRecord::Kind::Override;  // no prediction to confirm: a reader's own read
    store.addRead(r);
    store.logEvent(QStringLiteral("pacs_send"), second,
                   QJsonObject{{QStringLiteral("peer"), QStringLiteral("PACS")}});
}

void tamperWith(const StoreConfig& config, const QStringList& sql) {
    detail::Connection raw(config);
    if (raw.dialect() == detail::Dialect::Sqlite) {
        raw.run(QStringLiteral("DROP TRIGGER audit_log_no_update"), "drop trigger");
        raw.run(QStringLiteral("DROP TRIGGER audit_log_no_delete"), "drop trigger");
    } else {
        raw.run(QStringLiteral("DROP TRIGGER audit_log_no_change ON audit_log"), "drop trigger");
    }
    for (const QString& statement : sql) {
        raw.run(statement, "tamper");
    }
}

namespace {

/// Sets row `from`'s actor and re-hashes it and every later row, then the head: a consistent rewrite.
void rehashFrom(const StoreConfig& config, qint64 from, const QString& actor) {
    tamperWith(config, {});
    detail::Connection raw(config);
    QString previous = detail::genesisHash();
    for (AuditEntry e : detail::readAuditEntries(raw, std::nullopt)) {
        if (e.seq == from)
            e.actor = actor;
        if (e.seq >= from) {
            e.prevHash = previous;
            e.hash = detail::computeAuditHash(e);
            QSqlQuery update = raw.prepare(
                QStringLiteral("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?"));
            update.addBindValue(e.actor);
            update.addBindValue(e.prevHash);
            update.addBindValue(e.hash);
            update.addBindValue(e.seq);
            raw.exec(update, "rewrite");
        }
        previous = e.hash;
    }
    QSqlQuery head = raw.prepare(QStringLiteral("UPDATE audit_head SET last_hash = ? WHERE id = 1"));
    head.addBindValue(previous);
    raw.exec(head, "rewrite the head");
}

}  // namespace

QString checkRewrittenChain(const StoreConfig& rewritten, const StoreConfig& truncated) {
    QString failure;
    const auto expect = [&failure](const AuditVerification& v, bool ok, qint64 badSeq,
                                   const QString& fragment, const char* what) {
        if (failure.isEmpty() &&
            (v.ok != ok || (!ok && (v.firstBadSeq != badSeq || !v.problem.contains(fragment))))) {
            failure = QStringLiteral("%1: ok=%2 bad row %3 '%4'")
                          .arg(what)
                          .arg(v.ok)
                          .arg(v.firstBadSeq)
                          .arg(v.problem);
        }
    };
    const qint64 last = tamperAuditRows();
    populateForTamper(rewritten);
    AuditAnchor head, third;
    {
        const CaseStore store(rewritten, QStringLiteral("auditor"));
        const AuditVerification before = store.verifyAudit();
        head = AuditAnchor{before.rowsChecked, before.headHash};
        third = AuditAnchor{3, store.auditEntries().at(2).hash};
        if (!before.ok || head.seq != last || head.hash.size() != 64)
            return QStringLiteral("the untouched log gave no head: ") + before.problem;
        expect(store.verifyAudit({head, third}), true, 0, QString(), "untouched log with its own anchors");
    }
    rehashFrom(rewritten, 3, QStringLiteral("someone.else"));
    {
        const CaseStore store(rewritten, QStringLiteral("auditor"));
        expect(store.verifyAudit(), true, 0, QString(), "rewritten chain without an anchor");
        expect(store.verifyAudit({head}), false, last, QStringLiteral("anchored outside"),
               "rewritten chain with the head");
        expect(store.verifyAudit({third}), false, 3, QStringLiteral("anchored outside"),
               "rewritten chain with an anchor on the edited row");
    }
    populateForTamper(truncated);
    tamperWith(truncated,
               {QStringLiteral("DELETE FROM audit_log WHERE seq = %1").arg(last),
                QStringLiteral("UPDATE audit_head SET last_seq = %1, last_hash = (SELECT hash FROM "
                               "audit_log WHERE seq = %1) WHERE id = 1")
                    .arg(last - 1)});
    {
        const CaseStore store(truncated, QStringLiteral("auditor"));
        expect(store.verifyAudit(), true, 0, QString(), "truncated chain without an anchor");
        const AuditVerification v = store.verifyAudit({head});
        expect(v, false, last, QStringLiteral("ends at row %1").arg(last - 1),
               "truncated chain with the head");
    }
    return failure;
}

bool auditLogRefusesChanges(const StoreConfig& config) {
    detail::Connection raw(config);
    QSqlQuery update(raw.db());
    QSqlQuery remove(raw.db());
    return !update.exec(QStringLiteral("UPDATE audit_log SET actor = 'x' WHERE seq = 1")) &&
           !remove.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = 1"));
}

QString checkConcurrency(const StoreConfig& config, const QString& childExecutable, const char* backend) {
    const int writes = qEnvironmentVariableIsSet("BONEAGE_CONCURRENCY_WRITES")
                           ? qEnvironmentVariableIntValue("BONEAGE_CONCURRENCY_WRITES")
                           : 2000;
    const ConcurrencyFigures f = runConcurrency(config, childExecutable, 4, 2, writes);
    qInfo(
        "%s: %lld of %lld writes committed, %lld rows found, %lld audit rows, %lld errors, %lld lock "
        "retries, %lld ms (%.0f writes/s)",
        backend, f.committedWrites, f.expectedWrites, f.rowsFound, f.auditRows, f.errors, f.retries,
        f.elapsedMs, f.elapsedMs > 0 ? 1000.0 * double(f.committedWrites) / double(f.elapsedMs) : 0.0);
    if (!f.failure.isEmpty())
        return f.failure;
    if (f.errors != 0)
        return QStringLiteral("%1 errors surfaced").arg(f.errors);
    if (f.committedWrites != f.expectedWrites)
        return QStringLiteral("%1 of %2 writes committed").arg(f.committedWrites).arg(f.expectedWrites);
    if (f.rowsFound != f.expectedWrites)
        return QStringLiteral("%1 rows found for %2 writes").arg(f.rowsFound).arg(f.expectedWrites);
    return {};
}

QString runMigrationUpgrade(const StoreConfig& config) {
    qint64 caseId = 0;
    {
        // What a build with only migration 1 made, with a case and a read in it.
        detail::Connection raw(config);
        detail::SchemaMigrator::migrate(raw, QStringLiteral("old-build"), 1);
        if (detail::SchemaMigrator::currentVersion(raw) != 1) {
            return QStringLiteral("migration 1 alone did not leave schema version 1");
        }
        QSqlQuery probe(raw.db());
        if (probe.exec(QStringLiteral("SELECT reason_code FROM reads"))) {
            return QStringLiteral("schema 1 already has reads.reason_code");
        }
        raw.beginWrite();
        caseId = insertOldBuildCase(raw, QStringLiteral("9.9.9"), QStringLiteral("/films/old.dcm"),
                                    QStringLiteral("M"));
        QSqlQuery insertRead =
            raw.run(QStringLiteral("INSERT INTO reads (case_id, reader, value_months, kind, "
                                   "reason, created_utc) VALUES (%1, 'dr.old', 150, "
                                   "'override', 'old reason', '2024-01-01T00:00:01.000Z') "
                                   "RETURNING id")
                        .arg(caseId),
                    "insert read");
        insertRead.next();
        const qint64 readId = insertRead.value(0).toLongLong();
        insertRead.finish();
        detail::appendAudit(raw, QStringLiteral("dr.old"), QStringLiteral("override"), caseId,
                            QJsonObject{{QStringLiteral("read_id"), readId},
                                        {QStringLiteral("reader"), QStringLiteral("dr.old")},
                                        {QStringLiteral("value_months"), 150}});
        raw.commit();
    }
    {
        CaseStore store(config, QStringLiteral("new-build"));
        if (store.schemaVersion() != CaseStore::latestSchemaVersion()) {
            return QStringLiteral("opened at schema %1, expected %2")
                .arg(store.schemaVersion())
                .arg(CaseStore::latestSchemaVersion());
        }
        const std::vector<ReadRecord> reads = store.readsForCase(caseId);
        if (reads.size() != 1 || reads[0].valueMonths != 150 ||
            reads[0].reason != QLatin1String("old reason") || !reads[0].reasonCode.isEmpty() ||
            reads[0].kind != ReadRecord::Kind::Override) {
            return QStringLiteral("the schema-1 read did not survive the upgrade intact");
        }
        ReadRecord r;
        r.caseId = caseId;
        r.valueMonths = 144;
        r.kind = ReadRecord::Kind::Override;
        r.reasonCode = QStringLiteral("carpal");
        store.addRead(r);
        const std::optional<ReadRecord> latest = store.latestRead(caseId);
        if (!latest || latest->reasonCode != QLatin1String("carpal")) {
            return QStringLiteral("reads.reason_code does not round-trip after the upgrade");
        }
        const AuditVerification verification = store.verifyAudit();
        // migrate 1, case, read, the later migrations, new read
        if (!verification.ok || verification.rowsChecked != 3 + (CaseStore::latestSchemaVersion() - 1) + 1) {
            return QStringLiteral("audit after upgrade: ok=%1 rows=%2 %3")
                .arg(verification.ok)
                .arg(verification.rowsChecked)
                .arg(verification.problem);
        }
        const std::vector<AuditEntry> entries = store.auditEntries();
        if (entries[3].action != QLatin1String("migrate") || entries[3].actor != QLatin1String("new-build") ||
            !entries[3].detailsJson.contains(QLatin1String("\"to\":2"))) {
            return QStringLiteral("the upgrade has no migrate audit row");
        }
    }
    {
        detail::Connection raw(config);
        raw.run(QStringLiteral("INSERT INTO schema_version (version, applied_utc, description) VALUES (%1, "
                               "'2030-01-01T00:00:00.000Z', 'from the future')")
                    .arg(CaseStore::latestSchemaVersion() + 1),
                "insert a future version");
    }
    try {
        CaseStore store(config, QStringLiteral("new-build"));
        return QStringLiteral("a database from a newer build was opened");
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Storage ||
            !QString::fromStdString(e.cause()).contains(QLatin1String("newer"))) {
            return QStringLiteral("wrong refusal of a newer database: ") + QString::fromUtf8(e.what());
        }
    }
    return {};
}

QString checkTamperCase(const StoreConfig& config, const TamperCase& c) {
    populateForTamper(config);
    tamperWith(config, c.sql);
    CaseStore store(config, QStringLiteral("auditor"));
    const AuditVerification v = store.verifyAudit();
    if (v.ok != c.expectOk)
        return QStringLiteral("verifyAudit ok=%1, expected %2: %3").arg(v.ok).arg(c.expectOk).arg(v.problem);
    if (c.expectOk) {
        const qint64 expected = tamperAuditRows();
        if (v.rowsChecked != expected)
            return QStringLiteral("%1 rows checked, expected %2").arg(v.rowsChecked).arg(expected);
        if (!v.problem.isEmpty())
            return QStringLiteral("an untouched log reported a problem: ") + v.problem;
        return {};
    }
    if (c.expectBadSeq != 0 && v.firstBadSeq != c.expectBadSeq)
        return QStringLiteral("first bad seq %1, expected %2").arg(v.firstBadSeq).arg(c.expectBadSeq);
    if (!v.problem.contains(c.expectProblem))
        return QStringLiteral("problem '%1' does not mention '%2'").arg(v.problem, c.expectProblem);
    return {};
}

}  // namespace boneage::store::test
