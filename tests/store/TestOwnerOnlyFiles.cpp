// The case database is owner-only whatever the umask (issue 9, defect 9): cases.sqlite and its -wal and
// -shm 0600, the folders the store creates 0700, the backups folder 0700 with 0600 copies; an existing
// database written 0644 by an older build is tightened when it is opened.
#include <sys/stat.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "StoreScenarios.h"
#include "common/PrivateFiles.h"
#include "store/CaseStore.h"
#include "store/DatabaseBackups.h"

using namespace boneage;
using namespace boneage::store;

namespace {

int mode(const QString& path) {
    return permissionBits(QFile::encodeName(path).toStdString());
}

/// umask(mask) for the scope.
class ScopedUmask {
public:
    explicit ScopedUmask(int mask) : m_previous(::umask(mode_t(mask))) {}
    ~ScopedUmask() { ::umask(m_previous); }

private:
    mode_t m_previous;
};

}  // namespace

class TestOwnerOnlyFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newDatabase_ShouldBeOwnerOnly_data() { umasks_data(); }
    void newDatabase_ShouldBeOwnerOnly();
    void backups_ShouldBeOwnerOnly_data() { umasks_data(); }
    void backups_ShouldBeOwnerOnly();
    void looserExistingDatabase_ShouldBeTightenedOnOpen();

private:
    static void umasks_data();  // the rows of every umask test

    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestOwnerOnlyFiles::umasks_data() {
    QTest::addColumn<int>("mask");
    QTest::newRow("umask022_ShouldStillBeOwnerOnly") << 022;
    QTest::newRow("umask000_ShouldStillBeOwnerOnly") << 0;
}

void TestOwnerOnlyFiles::newDatabase_ShouldBeOwnerOnly() {
    QFETCH(int, mask);
    const ScopedUmask umask(mask);
    const QString site = m_dir.filePath(QStringLiteral("site%1").arg(++m_serial));
    const QString path = site + QStringLiteral("/data/boneage/cases.sqlite");
    CaseStore store(StoreConfig::sqlite(path), QStringLiteral("dr.a"));
    store.logEvent(QStringLiteral("export"), std::nullopt);  // an open writer: -wal and -shm exist
    QCOMPARE(mode(site), 0700);
    QCOMPARE(mode(site + QStringLiteral("/data")), 0700);
    QCOMPARE(mode(site + QStringLiteral("/data/boneage")), 0700);
    QCOMPARE(mode(path), 0600);
    QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
    QCOMPARE(mode(path + QStringLiteral("-wal")), 0600);
    QCOMPARE(mode(path + QStringLiteral("-shm")), 0600);
}

void TestOwnerOnlyFiles::backups_ShouldBeOwnerOnly() {
    QFETCH(int, mask);
    const ScopedUmask umask(mask);
    const QString path = m_dir.filePath(QStringLiteral("site%1/cases.sqlite").arg(++m_serial));
    test::populateForTamper(StoreConfig::sqlite(path));
    DatabaseBackups backups(path);
    const std::optional<BackupInfo> daily = backups.makeDaily();
    QVERIFY(daily);
    const BackupInfo before = backups.makeBeforeMigration(2);
    QCOMPARE(mode(backups.folder()), 0700);
    QCOMPARE(mode(daily->path), 0600);
    QCOMPARE(mode(before.path), 0600);
    const QString aside = backups.restore(before);
    QCOMPARE(mode(path), 0600);
    QCOMPARE(mode(aside), 0600);
}

void TestOwnerOnlyFiles::looserExistingDatabase_ShouldBeTightenedOnOpen() {
    const QString path = m_dir.filePath(QStringLiteral("site%1/cases.sqlite").arg(++m_serial));
    test::populateForTamper(StoreConfig::sqlite(path));
    QVERIFY(QFile::setPermissions(
        path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(mode(path), 0644);
    const ScopedUmask umask(022);
    CaseStore store(StoreConfig::sqlite(path), QStringLiteral("dr.a"));
    QCOMPARE(mode(path), 0600);
}

QTEST_GUILESS_MAIN(TestOwnerOnlyFiles)
#include "TestOwnerOnlyFiles.moc"
