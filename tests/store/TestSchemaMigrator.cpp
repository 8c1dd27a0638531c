// Schema migrations on SQLite: upgrading a schema-1 database, refusing a newer one, openers racing to
// create the schema, and a schema-4 prediction through migration 5 (the model's interval).
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

#include "StoreScenarios.h"
#include "common/Error.h"
#include "store/AuditChain.h"
#include "store/CaseStore.h"
#include "store/Connection.h"
#include "store/SchemaMigrator.h"

using namespace boneage;
using namespace boneage::store;

class TestSchemaMigrator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void schema1Database_ShouldUpgradeKeepingItsData();
    void concurrentFirstOpen_ShouldMigrateExactlyOnce();
    void schema4Prediction_ShouldUpgradeWithoutAnIntervalAndNewOnesKeepTheirs();

private:
    QTemporaryDir m_dir;
};

void TestSchemaMigrator::schema1Database_ShouldUpgradeKeepingItsData() {
    const QString failure =
        test::runMigrationUpgrade(StoreConfig::sqlite(m_dir.filePath(QStringLiteral("v1.sqlite"))));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestSchemaMigrator::concurrentFirstOpen_ShouldMigrateExactlyOnce() {
    const StoreConfig config = StoreConfig::sqlite(m_dir.filePath(QStringLiteral("race.sqlite")));
    constexpr int kOpeners = 8;
    std::vector<std::thread> openers;
    std::vector<QString> errors(kOpeners);
    for (int i = 0; i < kOpeners; ++i) {
        openers.emplace_back([&, i] {
            try {
                CaseStore store(config, QStringLiteral("opener%1").arg(i));
                store.logEvent(QStringLiteral("opened"), std::nullopt);
            } catch (const Error& e) {
                errors[i] = QString::fromUtf8(e.what());
            }
        });
    }
    for (std::thread& t : openers) {
        t.join();
    }
    for (const QString& e : errors) {
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }
    CaseStore store(config, QStringLiteral("checker"));
    QCOMPARE(store.schemaVersion(), CaseStore::latestSchemaVersion());
    int migrations = 0;
    for (const AuditEntry& e : store.auditEntries()) {
        migrations += e.action == QLatin1String("migrate");
    }
    QCOMPARE(migrations, CaseStore::latestSchemaVersion());
    QCOMPARE(store.auditEntries().size(), size_t(CaseStore::latestSchemaVersion() + kOpeners));
    QVERIFY(store.verifyAudit().ok);
}

void TestSchemaMigrator::schema4Prediction_ShouldUpgradeWithoutAnIntervalAndNewOnesKeepTheirs() {
    const StoreConfig config = StoreConfig::sqlite(m_dir.filePath(QStringLiteral("v4.sqlite")));
    qint64 caseId = 0, oldId = 0;
    {
        // What a build with migrations 1-4 stored: a case and a prediction without an interval.
        detail::Connection raw(config);
        detail::SchemaMigrator::migrate(raw, QStringLiteral("old-build"), 4);
        QCOMPARE(detail::SchemaMigrator::currentVersion(raw), 4);
        QSqlQuery probe(raw.db());
        QVERIFY2(!probe.exec(QStringLiteral("SELECT interval_low_months FROM predictions")),
                 "schema 4 already has predictions.interval_low_months");
        raw.beginWrite();
        caseId = test::insertOldBuildCase(raw, QStringLiteral("4.4.4"), QStringLiteral("/films/v4.dcm"),
                                          QStringLiteral("F"));
        QSqlQuery insertPrediction = raw.run(
            QStringLiteral("INSERT INTO predictions (case_id, model_name, model_version, model_sha256, "
                           "device, months, verdict, timings_json, created_utc) VALUES (%1, "
                           "'rsna-compact', '1.2.0', '', 'cpu', 97.5, 'unknown', '{}', "
                           "'2024-01-01T00:00:01.000Z') RETURNING id")
                .arg(caseId),
            "insert prediction");
        insertPrediction.next();
        oldId = insertPrediction.value(0).toLongLong();
        insertPrediction.finish();
        detail::appendAudit(raw, QStringLiteral("old-build"), QStringLiteral("predict"), caseId,
                            QJsonObject{{QStringLiteral("prediction_id"), oldId},
                                        {QStringLiteral("model"), QStringLiteral("rsna-compact")},
                                        {QStringLiteral("model_version"), QStringLiteral("1.2.0")},
                                        {QStringLiteral("months"), 97.5},
                                        {QStringLiteral("verdict"), QStringLiteral("unknown")}});
        raw.commit();
    }
    CaseStore store(config, QStringLiteral("new-build"));
    QCOMPARE(store.schemaVersion(), CaseStore::latestSchemaVersion());
    const std::vector<PredictionRecord> old = store.predictionsForCase(caseId);
    QCOMPARE(old.size(), std::size_t(1));
    QCOMPARE(old[0].boneAgeMonths, 97.5);
    QVERIFY(!old[0].interval);

    PredictionRecord p;
    p.caseId = caseId;
    p.modelName = QStringLiteral("rsna-compact");
    p.modelVersion = QStringLiteral("2.0.0");
    p.boneAgeMonths = 101.25;
    p.interval = PredictionInterval{88.5, 114.0, 0.9};
    const qint64 newId = store.addPrediction(p);
    const std::optional<PredictionRecord> latest = store.latestPrediction(caseId);
    QVERIFY(latest && latest->id == newId);
    QVERIFY(latest->interval);
    QCOMPARE(*latest->interval, *p.interval);
    QVERIFY2(store.verifyAudit().ok, qPrintable(store.verifyAudit().problem));

    // An interval that is no interval is refused before anything is written.
    p.interval = PredictionInterval{120.0, 100.0, 0.9};
    QVERIFY_THROWS_EXCEPTION(Error, store.addPrediction(p));
    QCOMPARE(store.predictionsForCase(caseId).size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestSchemaMigrator)
#include "TestSchemaMigrator.moc"
