// Schema migrations on SQLite: upgrading a schema-1 database, refusing a newer one, and openers racing to
// create the schema.
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

#include "StoreScenarios.h"
#include "common/Error.h"
#include "store/CaseStore.h"

using namespace boneage;
using namespace boneage::store;

class TestSchemaMigrator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void schema1Database_ShouldUpgradeKeepingItsData();
    void concurrentFirstOpen_ShouldMigrateExactlyOnce();

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

QTEST_GUILESS_MAIN(TestSchemaMigrator)
#include "TestSchemaMigrator.moc"
