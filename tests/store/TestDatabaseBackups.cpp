// DatabaseBackups: rolling daily copies and one before each schema migration, made with SQLite's online
// backup API, owner-only; restoring the latest one after the database was damaged gives back its cases and
// an audit chain that verifies, and moves the damaged file aside without changing a byte (issue 9, defect 6).
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "StoreScenarios.h"
#include "common/Error.h"
#include "common/PrivateFiles.h"
#include "store/CaseStore.h"
#include "store/DamagedDatabase.h"
#include "store/DatabaseBackups.h"

using namespace boneage;
using namespace boneage::store;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int mode(const QString& path) {
    return permissionBits(QFile::encodeName(path).toStdString());
}

QDateTime at(int day, int hour = 9) {
    return QDateTime(QDate(2026, 3, day), QTime(hour, 0), Qt::LocalTime);
}

}  // namespace

class TestDatabaseBackups : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void makeDaily_ShouldMakeOneOwnerOnlyCopyADay();
    void makeDaily_ShouldKeepTheNewestN();
    void backupWhileAnotherStoreWrites_ShouldBeConsistent();
    void migration_ShouldFirstCopyTheOldSchema();
    void restoreLatest_ShouldGiveBackCasesAndAVerifyingChain();
    void restoreDamagedBackup_ShouldRefuseAndChangeNothing();
    void moveAside_ShouldKeepEveryFileAndByte();

private:
    QString freshPath() { return m_dir.filePath(QStringLiteral("site%1/cases.sqlite").arg(++m_serial)); }

    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestDatabaseBackups::makeDaily_ShouldMakeOneOwnerOnlyCopyADay() {
    const QString path = freshPath();
    test::populateForTamper(StoreConfig::sqlite(path));
    DatabaseBackups backups(path);
    QVERIFY(backups.list().empty());
    const std::optional<BackupInfo> first = backups.makeDaily(at(2));
    QVERIFY(first);
    QCOMPARE(first->kind, BackupInfo::Kind::Daily);
    QCOMPARE(QFileInfo(first->path).absolutePath(),
             QFileInfo(path).absolutePath() + QStringLiteral("/backups"));
    QCOMPARE(mode(backups.folder()), 0700);
    QCOMPARE(mode(first->path), 0600);
    // Self-contained: rollback-journal mode (header bytes 18 and 19 are 1), no -wal beside it.
    const QByteArray header = readAll(first->path).left(20);
    QCOMPARE(int(header[18]), 1);
    QCOMPARE(int(header[19]), 1);
    QVERIFY(!QFile::exists(first->path + QStringLiteral("-wal")));
    QVERIFY(!backups.makeDaily(at(2, 17)));  // same day: none
    QCOMPARE(backups.list().size(), size_t(1));
    const std::optional<BackupInfo> next = backups.makeDaily(at(3));
    QVERIFY(next);
    QCOMPARE(backups.latest()->path, next->path);
}

void TestDatabaseBackups::makeDaily_ShouldKeepTheNewestN() {
    const QString path = freshPath();
    test::populateForTamper(StoreConfig::sqlite(path));
    DatabaseBackups backups(path, BackupPolicy{3, 2});
    for (int day = 1; day <= 6; ++day) {
        QVERIFY(backups.makeDaily(at(day)));
    }
    const std::vector<BackupInfo> kept = backups.list();
    QCOMPARE(kept.size(), size_t(3));
    QCOMPARE(kept[0].createdUtc, at(6).toUTC());
    QCOMPARE(kept[2].createdUtc, at(4).toUTC());
    // Migration copies are pruned on their own count, never by the daily ones.
    backups.makeBeforeMigration(2, at(7));
    QVERIFY(backups.makeDaily(at(8)));
    QCOMPARE(backups.list().size(), size_t(4));
}

void TestDatabaseBackups::backupWhileAnotherStoreWrites_ShouldBeConsistent() {
    const QString path = freshPath();
    const StoreConfig config = StoreConfig::sqlite(path);
    test::populateForTamper(config);
    CaseStore open(config, QStringLiteral("dr.busy"));  // a workstation keeps it open, WAL and all
    open.logEvent(QStringLiteral("export"), std::nullopt);
    DatabaseBackups backups(path);
    QElapsedTimer timer;
    timer.start();
    const std::optional<BackupInfo> copy = backups.makeDaily(at(10));
    qInfo("daily backup of %lld bytes (+ WAL) in %lld ms", QFileInfo(path).size(), timer.elapsed());
    QVERIFY(copy);
    open.logEvent(QStringLiteral("export"), std::nullopt);  // the original goes on
    const CaseStore fromCopy(StoreConfig::sqlite(copy->path), QStringLiteral("checker"));
    const AuditVerification v = fromCopy.verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.rowsChecked, test::tamperAuditRows() + 1);  // and the export made before the copy (in the WAL)
}

void TestDatabaseBackups::migration_ShouldFirstCopyTheOldSchema() {
    const QString path = freshPath();
    const QString failure = test::runMigrationUpgrade(StoreConfig::sqlite(path));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    // One copy: the upgrade made it; reopening the upgraded database and the refused newer one made none.
    const std::vector<BackupInfo> backups = DatabaseBackups(path).list();
    QCOMPARE(backups.size(), size_t(1));
    QCOMPARE(backups[0].kind, BackupInfo::Kind::BeforeMigration);
    QCOMPARE(backups[0].schemaVersion, 1);
    QCOMPARE(mode(backups[0].path), 0600);
    StoreConfig copy = StoreConfig::sqlite(backups[0].path);
    copy.readOnly = true;
    const CaseStore old(copy, QStringLiteral("checker"));
    QCOMPARE(old.schemaVersion(), 1);
    QVERIFY(old.verifyAudit().ok);
}

void TestDatabaseBackups::restoreLatest_ShouldGiveBackCasesAndAVerifyingChain() {
    const QString path = freshPath();
    const StoreConfig config = StoreConfig::sqlite(path);
    test::populateForTamper(config);
    DatabaseBackups backups(path);
    QVERIFY(backups.makeDaily(at(11)));
    {
        CaseStore store(config, QStringLiteral("dr.later"));
        store.logEvent(QStringLiteral("export"), std::nullopt);  // after the backup: lost with the damage
    }
    QFile file(path);
    QVERIFY(file.resize(file.size() / 2));  // the damage
    const QByteArray damaged = readAll(path);
    QVERIFY_THROWS_EXCEPTION(DamagedDatabase, CaseStore(config, QStringLiteral("dr.a")));

    const QString movedTo = backups.restore(*backups.latest());
    QCOMPARE(readAll(movedTo), damaged);
    QCOMPARE(mode(path), 0600);
    const CaseStore restored(config, QStringLiteral("dr.a"));
    QCOMPARE(restored.listCases().size(), size_t(2));
    const AuditVerification v = restored.verifyAudit();
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.rowsChecked, test::tamperAuditRows());  // the export after the backup is lost
    QVERIFY(QFile::exists(backups.latest()->path));    // the backup itself stays
}

void TestDatabaseBackups::restoreDamagedBackup_ShouldRefuseAndChangeNothing() {
    const QString path = freshPath();
    test::populateForTamper(StoreConfig::sqlite(path));
    DatabaseBackups backups(path);
    const BackupInfo copy = *backups.makeDaily(at(12));
    QFile backupFile(copy.path);
    QVERIFY(backupFile.resize(backupFile.size() / 2));
    const QByteArray database = readAll(path);
    QVERIFY_THROWS_EXCEPTION(Error, backups.restore(copy));
    QCOMPARE(readAll(path), database);
    QCOMPARE(QDir(QFileInfo(path).absolutePath()).entryList({QStringLiteral("*damaged*")}).size(), 0);
}

void TestDatabaseBackups::moveAside_ShouldKeepEveryFileAndByte() {
    const QString path = freshPath();
    const StoreConfig config = StoreConfig::sqlite(path);
    test::populateForTamper(config);
    CaseStore open(config, QStringLiteral("dr.a"));
    open.logEvent(QStringLiteral("export"), std::nullopt);  // leaves a -wal and -shm
    QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
    const QByteArray main = readAll(path);
    const QByteArray wal = readAll(path + QStringLiteral("-wal"));
    const QString movedTo = DatabaseBackups(path).moveAside(QStringLiteral("damaged"), at(13));
    QVERIFY2(QFileInfo(movedTo).fileName().startsWith(QStringLiteral("cases.sqlite.damaged-")),
             qPrintable(movedTo));
    QCOMPARE(readAll(movedTo), main);
    QCOMPARE(readAll(movedTo + QStringLiteral("-wal")), wal);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QCOMPARE(DatabaseBackups(path).moveAside(), QString());  // nothing left to move
}

QTEST_GUILESS_MAIN(TestDatabaseBackups)
#include "TestDatabaseBackups.moc"
