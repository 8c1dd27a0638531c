// A damaged SQLite case database is reported as DamagedDatabase when it is opened, found by
// PRAGMA quick_check and not only by "cannot open", and the file is left exactly as it was found
// (issue 9, defect 6). Each malformed file is built byte by byte from a sound one.
#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

#include "StoreScenarios.h"
#include "common/Error.h"
#include "store/CaseStore.h"
#include "store/DamagedDatabase.h"
#include "store/SqliteFile.h"

using namespace boneage;
using namespace boneage::store;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

constexpr int kPage = 4096;

}  // namespace

using Damage = std::function<QByteArray(const QByteArray& sound)>;
Q_DECLARE_METATYPE(Damage)

class TestDamagedDatabase : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void damagedFile_ShouldBeReportedAndLeftUntouched_data();
    void damagedFile_ShouldBeReportedAndLeftUntouched();
    void soundFiles_ShouldOpen_data();
    void soundFiles_ShouldOpen();
    void readOnlyOpen_ShouldReportDamageToo();
    void hotJournalAfterACrash_ShouldBeRolledBackNotReported();
    void thoroughCheck_ShouldFindWhatQuickCheckFinds();

private:
    QString fresh(const QString& name) {
        return m_dir.filePath(QStringLiteral("%1-%2.sqlite").arg(name).arg(++m_serial));
    }

    QTemporaryDir m_dir;
    QByteArray m_sound;  ///< a populated database (two cases, ten audit rows), cleanly closed
    int m_serial = 0;
};

void TestDamagedDatabase::initTestCase() {
    const QString path = m_dir.filePath(QStringLiteral("sound.sqlite"));
    test::populateForTamper(StoreConfig::sqlite(path));
    m_sound = readAll(path);
    QVERIFY2(m_sound.size() >= 6 * kPage, "the sound database is smaller than the damage rows assume");
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));  // closed cleanly: everything is in the file
}

void TestDamagedDatabase::damagedFile_ShouldBeReportedAndLeftUntouched_data() {
    QTest::addColumn<Damage>("damage");
    QTest::addColumn<QString>("expected");  // a fragment of the cause
    QTest::newRow("truncatedToHalf_ShouldBeMalformed")
        << Damage([](const QByteArray& s) { return s.left(s.size() / 2); }) << "malformed";
    QTest::newRow("truncatedToItsHeader_ShouldBeMalformed")
        << Damage([](const QByteArray& s) { return s.left(100); }) << "";
    QTest::newRow("headerZeroed_ShouldBeNotADatabase")
        << Damage([](const QByteArray& s) { return QByteArray(100, '\0') + s.mid(100); }) << "not a database";
    QTest::newRow("textFile_ShouldBeNotADatabase")
        << Damage([](const QByteArray&) { return QByteArray("patients;cases\n").repeated(400); })
        << "not a database";
    // Page 1 (the schema) intact, so Qt SQL opens it and reads the schema version: only the check finds it.
    QTest::newRow("lastPageOverwritten_ShouldFailQuickCheck")
        << Damage([](const QByteArray& s) { return s.left(s.size() - kPage) + QByteArray(kPage, '\xa5'); })
        << "";
    QTest::newRow("tablePageZeroed_ShouldFailQuickCheck") << Damage([](const QByteArray& s) {
        QByteArray d = s;
        d.replace(2 * kPage, kPage, QByteArray(kPage, '\0'));
        return d;
    }) << "";
}

void TestDamagedDatabase::damagedFile_ShouldBeReportedAndLeftUntouched() {
    QFETCH(Damage, damage);
    QFETCH(QString, expected);
    const QString path = fresh(QStringLiteral("damaged"));
    const QByteArray bytes = damage(m_sound);
    writeAll(path, bytes);
    try {
        CaseStore store(StoreConfig::sqlite(path), QStringLiteral("dr.a"));
        QFAIL("a damaged database opened");
    } catch (const DamagedDatabase& e) {
        QCOMPARE(e.code(), ErrorCode::Storage);
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(path + QStringLiteral(": the database file is damaged (")),
                 qPrintable(what));
        QVERIFY2(what.contains(expected), qPrintable(what));
        QVERIFY(!e.damage().empty());
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QStringLiteral("not reported as damage: ") + QString::fromUtf8(e.what())));
    }
    QCOMPARE(readAll(path), bytes);
}

void TestDamagedDatabase::soundFiles_ShouldOpen_data() {
    QTest::addColumn<bool>("populated");
    QTest::newRow("emptyFile_ShouldBecomeANewDatabase") << false;
    QTest::newRow("populatedFile_ShouldOpenWithItsCases") << true;
}

void TestDamagedDatabase::soundFiles_ShouldOpen() {
    QFETCH(bool, populated);
    const QString path = fresh(QStringLiteral("sound"));
    writeAll(path, populated ? m_sound : QByteArray());
    const CaseStore store(StoreConfig::sqlite(path), QStringLiteral("dr.a"));
    QCOMPARE(store.listCases().size(), populated ? size_t(2) : size_t(0));
    QVERIFY(store.verifyAudit().ok);
}

void TestDamagedDatabase::readOnlyOpen_ShouldReportDamageToo() {
    const QString path = fresh(QStringLiteral("audit"));
    const QByteArray bytes = m_sound.left(m_sound.size() / 2);
    writeAll(path, bytes);
    StoreConfig config = StoreConfig::sqlite(path);
    config.readOnly = true;
    QVERIFY_THROWS_EXCEPTION(DamagedDatabase, CaseStore(config, QStringLiteral("auditor")));
    QCOMPARE(readAll(path), bytes);
}

void TestDamagedDatabase::hotJournalAfterACrash_ShouldBeRolledBackNotReported() {
    // What a process killed in the middle of a rollback-journal transaction leaves: the database with some
    // pages already overwritten and a hot -journal holding the old ones. Taken as bytes while a raw SQLite
    // connection is inside such a transaction (a tiny page cache makes it spill to the file early).
    const QString live = fresh(QStringLiteral("live"));
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(live).constData(), &db), SQLITE_OK);
    const char* setup =
        "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; CREATE TABLE t (x TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        "INSERT INTO t SELECT printf('%0200d', i) FROM n;"
        "BEGIN; UPDATE t SET x = upper(x) || 'changed';";
    QCOMPARE(sqlite3_exec(db, setup, nullptr, nullptr, nullptr), SQLITE_OK);
    const QString crashed = fresh(QStringLiteral("crashed"));
    QVERIFY(QFile::copy(live, crashed));
    QVERIFY(QFile::exists(live + QStringLiteral("-journal")));
    QVERIFY(QFile::copy(live + QStringLiteral("-journal"), crashed + QStringLiteral("-journal")));
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    QVERIFY(readAll(crashed) != readAll(live));  // pages of the unfinished transaction are in the file

    QVERIFY(!detail::findDamage(QFile::encodeName(crashed).toStdString()).has_value());
    QCOMPARE(readAll(crashed), readAll(live));  // SQLite's own recovery put the old pages back
}

void TestDamagedDatabase::thoroughCheck_ShouldFindWhatQuickCheckFinds() {
    const QString path = fresh(QStringLiteral("thorough"));
    QByteArray bytes = m_sound;
    bytes.replace(2 * kPage, kPage, QByteArray(kPage, '\0'));
    writeAll(path, bytes);
    const std::string file = QFile::encodeName(path).toStdString();
    QVERIFY(detail::findDamage(file, false).has_value());
    QVERIFY(detail::findDamage(file, true).has_value());
    writeAll(path, m_sound);
    QVERIFY(!detail::findDamage(file, true).has_value());
    QVERIFY(!detail::findDamage(QFile::encodeName(fresh(QStringLiteral("missing"))).toStdString()));
}

QTEST_GUILESS_MAIN(TestDamagedDatabase)
#include "TestDamagedDatabase.moc"
