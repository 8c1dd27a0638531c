// DatabaseOpener with the real DatabaseProblemDialog, offscreen (issue 9, defect 6): a damaged case database
// is said at start, in a dialog with the cause, while the damaged file is still exactly as it was found;
// "Start a new database" moves it aside and opens a fresh one, "Open the latest backup" restores the cases
// with a verifying audit chain, "Quit" changes nothing, and "Work without saving" is a temporary store that
// says plainly that nothing is kept.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <functional>

#include "StoreScenarios.h"
#include "common/PrivateFiles.h"
#include "store/CaseStore.h"
#include "store/DatabaseBackups.h"
#include "ui/DatabaseOpener.h"
#include "ui/DatabaseProblemDialog.h"

using namespace boneage;
using Choice = ui::DatabaseProblemDialog::Choice;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString labelText(const QWidget& dialog, const char* name) {
    const auto* label = dialog.findChild<QLabel*>(QLatin1String(name));
    return label ? label->text() : QString();
}

/// What the dialog showed, seen while it was open.
struct Seen {
    int dialogs = 0;
    QString headline;
    QString cause;
    QString backupNote;
    bool offeredBackup = false;
    bool offeredNew = false;
    bool offeredTryAgain = false;
    bool offeredWithoutSaving = false;
    QByteArray fileWhileAsked;
};

/// Answers the next DatabaseProblemDialog with `choice` once it is shown, noting what it showed (and the
/// bytes of `file` at that moment) in `seen`. Event-driven: it looks again on every event-loop turn until
/// the modal dialog is up, and stops looking when `scope` goes.
void answerNextDialog(Choice choice, Seen* seen, const QString& file, QObject* scope) {
    auto* timer = new QTimer(scope);
    timer->setInterval(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* dialog = qobject_cast<ui::DatabaseProblemDialog*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        timer->stop();
        ++seen->dialogs;
        seen->headline = labelText(*dialog, "headlineLabel");
        seen->cause = labelText(*dialog, "causeLabel");
        seen->backupNote = labelText(*dialog, "openBackupButtonNote");
        seen->offeredBackup = dialog->button(Choice::OpenLatestBackup) != nullptr;
        seen->offeredNew = dialog->button(Choice::StartNewDatabase) != nullptr;
        seen->offeredTryAgain = dialog->button(Choice::TryAgain) != nullptr;
        seen->offeredWithoutSaving = dialog->button(Choice::WorkWithoutSaving) != nullptr;
        seen->fileWhileAsked = readAll(file);
        QPushButton* button = dialog->button(choice);
        QTest::mouseClick(button ? button : dialog->button(Choice::Quit), Qt::LeftButton);
    });
    timer->start();
}

QStringList actions(store::CaseStore& store) {
    QStringList names;
    for (const store::AuditEntry& entry : store.auditEntries())
        names << entry.action;
    return names;
}

}  // namespace

class TestDatabaseOpener : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void truncatedDatabase_StartNew_ShouldMoveItAsideAndOpenAFreshOne();
    void truncatedDatabase_OpenLatestBackup_ShouldRestoreItsCases();
    void damagedWithoutBackup_Quit_ShouldOfferNoRestoreAndChangeNothing();
    void unopenableDatabase_WorkWithoutSaving_ShouldSayNothingIsKept();
    void soundDatabase_ShouldOpenWithoutADialogAndMakeTodaysBackup();
    void damageAfterASitting_OpenLatestBackup_ShouldKeepTheSittingsWork();

private:
    /// A populated SQLite database (two cases, ten audit rows) in a folder of its own.
    QString populated() {
        const QString path = m_dir.filePath(QStringLiteral("site%1/cases.sqlite").arg(++m_serial));
        store::test::populateForTamper(store::StoreConfig::sqlite(path));
        return path;
    }
    static QByteArray truncate(const QString& path) {
        QFile file(path);
        file.resize(file.size() / 2);
        return readAll(path);
    }
    /// The database files moved aside (not their -wal/-shm companions, which move with them).
    static QStringList asideFiles(const QString& path) {
        QStringList files =
            QDir(QFileInfo(path).absolutePath())
                .entryList({QFileInfo(path).fileName() + QStringLiteral(".damaged-*")}, QDir::Files);
        files.removeIf([](const QString& name) {
            return name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm")) ||
                   name.endsWith(QLatin1String("-journal"));
        });
        return files;
    }

    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestDatabaseOpener::truncatedDatabase_StartNew_ShouldMoveItAsideAndOpenAFreshOne() {
    const QString path = populated();
    const QByteArray damaged = truncate(path);
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::StartNewDatabase, &seen, path, &scope);
    std::optional<ui::OpenedDatabase> opened =
        ui::DatabaseOpener(store::StoreConfig::sqlite(path), QStringLiteral("dr.a")).open();

    QCOMPARE(seen.dialogs, 1);
    QVERIFY2(seen.headline.contains(QLatin1String("damaged")), qPrintable(seen.headline));
    QVERIFY2(seen.cause.contains(path) && seen.cause.contains(QLatin1String("malformed")),
             qPrintable(seen.cause));
    QCOMPARE(seen.fileWhileAsked, damaged);  // nothing touched before the reader chose
    QVERIFY(seen.offeredNew && seen.offeredWithoutSaving && !seen.offeredBackup);

    QVERIFY(opened && opened->repository);
    QVERIFY(!opened->temporaryFolder);
    QVERIFY(opened->repository->cases().empty());
    const QStringList aside = asideFiles(path);
    QCOMPARE(aside.size(), 1);
    const QString movedTo = QFileInfo(path).absolutePath() + QLatin1Char('/') + aside.front();
    QCOMPARE(readAll(movedTo), damaged);
    QVERIFY2(opened->notice.contains(aside.front()), qPrintable(opened->notice));
    store::CaseStore& store = opened->repository->store();
    QVERIFY(actions(store).contains(QStringLiteral("database_started_new")));
    QVERIFY(store.verifyAudit().ok);
}

void TestDatabaseOpener::truncatedDatabase_OpenLatestBackup_ShouldRestoreItsCases() {
    const QString path = populated();
    const std::optional<store::BackupInfo> backup = store::DatabaseBackups(path).makeDaily();
    QVERIFY(backup);
    const QByteArray damaged = truncate(path);
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::OpenLatestBackup, &seen, path, &scope);
    std::optional<ui::OpenedDatabase> opened =
        ui::DatabaseOpener(store::StoreConfig::sqlite(path), QStringLiteral("dr.a")).open();

    QCOMPARE(seen.dialogs, 1);
    QCOMPARE(seen.fileWhileAsked, damaged);
    QVERIFY(seen.offeredBackup);
    QVERIFY2(seen.backupNote.contains(QFileInfo(backup->path).fileName()), qPrintable(seen.backupNote));

    QVERIFY(opened && opened->repository);
    QCOMPARE(opened->repository->cases().size(), size_t(2));
    store::CaseStore& store = opened->repository->store();
    const store::AuditVerification verification = store.verifyAudit();
    QVERIFY2(verification.ok, qPrintable(verification.problem));
    QCOMPARE(verification.rowsChecked, store::test::tamperAuditRows() + 1);  // the backup's rows, the restore
    QCOMPARE(actions(store).back(), QStringLiteral("database_restored"));
    const QStringList aside = asideFiles(path);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(readAll(QFileInfo(path).absolutePath() + QLatin1Char('/') + aside.front()), damaged);
    QCOMPARE(permissionBits(QFile::encodeName(path).toStdString()), 0600);
}

void TestDatabaseOpener::damagedWithoutBackup_Quit_ShouldOfferNoRestoreAndChangeNothing() {
    const QString path = populated();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.write(QByteArray(100, '\0'));  // the header gone: not a database
    file.close();
    const QByteArray damaged = readAll(path);
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::Quit, &seen, path, &scope);
    const std::optional<ui::OpenedDatabase> opened =
        ui::DatabaseOpener(store::StoreConfig::sqlite(path), QStringLiteral("dr.a")).open();
    QVERIFY(!opened);
    QCOMPARE(seen.dialogs, 1);
    QVERIFY2(seen.cause.contains(QLatin1String("not a database")), qPrintable(seen.cause));
    QVERIFY(!seen.offeredBackup);
    QCOMPARE(readAll(path), damaged);
    QVERIFY(asideFiles(path).isEmpty());
}

void TestDatabaseOpener::unopenableDatabase_WorkWithoutSaving_ShouldSayNothingIsKept() {
    const QString blocker = m_dir.filePath(QStringLiteral("not-a-folder"));
    QFile(blocker).open(QIODevice::WriteOnly);
    const QString path = blocker + QStringLiteral("/cases.sqlite");
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::WorkWithoutSaving, &seen, path, &scope);
    std::optional<ui::OpenedDatabase> opened =
        ui::DatabaseOpener(store::StoreConfig::sqlite(path), QStringLiteral("dr.a")).open();
    QCOMPARE(seen.dialogs, 1);
    QVERIFY2(seen.headline.contains(QLatin1String("cannot be opened")), qPrintable(seen.headline));
    QVERIFY(seen.offeredTryAgain && !seen.offeredNew && !seen.offeredBackup);

    QVERIFY(opened && opened->repository && opened->temporaryFolder);
    QVERIFY2(opened->repository->describe().startsWith(QLatin1String("not saved")),
             qPrintable(opened->repository->describe()));
    QVERIFY2(opened->notice.contains(QLatin1String("nothing of this session is kept")),
             qPrintable(opened->notice));
    const QString folder = opened->temporaryFolder->path();
    const std::string file = QFile::encodeName(folder + QStringLiteral("/cases.sqlite")).toStdString();
    QCOMPARE(permissionBits(QFile::encodeName(folder).toStdString()), 0700);
    QCOMPARE(permissionBits(file), 0600);
    // The same store and rules: every write audited, the chain verifies.
    store::CaseStore& store = opened->repository->store();
    store.logEvent(QStringLiteral("export"), std::nullopt);
    QVERIFY(store.verifyAudit().ok);
    QCOMPARE(actions(store).back(), QStringLiteral("export"));
    opened.reset();
    QVERIFY(!QFileInfo::exists(folder));  // nothing kept
}

void TestDatabaseOpener::soundDatabase_ShouldOpenWithoutADialogAndMakeTodaysBackup() {
    const QString path = populated();
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::Quit, &seen, path, &scope);  // would answer a dialog, were there one
    std::optional<ui::OpenedDatabase> opened =
        ui::DatabaseOpener(store::StoreConfig::sqlite(path), QStringLiteral("dr.a")).open();
    QVERIFY(opened);
    QCOMPARE(seen.dialogs, 0);
    QVERIFY(opened->notice.isEmpty());
    QCOMPARE(opened->repository->cases().size(), size_t(2));
    const std::vector<store::BackupInfo> backups = store::DatabaseBackups(path).list();
    QCOMPARE(backups.size(), size_t(1));
    QCOMPARE(backups[0].kind, store::BackupInfo::Kind::Daily);
}

// This morning's daily copy is not enough: the work of a sitting closed cleanly is in the backup made at
// closing, so a damage found at the next start loses none of it.
void TestDatabaseOpener::damageAfterASitting_OpenLatestBackup_ShouldKeepTheSittingsWork() {
    const QString path = populated();
    const store::StoreConfig config = store::StoreConfig::sqlite(path);
    {
        std::optional<ui::OpenedDatabase> sitting = ui::DatabaseOpener(config, QStringLiteral("dr.a")).open();
        QVERIFY(sitting && sitting->repository);
        QCOMPARE(store::DatabaseBackups(path).list().size(), size_t(1));  // today's, made at the start
        store::CaseRecord c;
        c.sopInstanceUid = QStringLiteral("1.2.3.99");
        c.sourcePath = QStringLiteral("/films/read-this-morning.dcm");
        sitting->repository->store().upsertCase(c);
    }  // the workstation closes
    const std::vector<store::BackupInfo> backups = store::DatabaseBackups(path).list();
    QCOMPARE(backups.size(), size_t(2));
    QCOMPARE(backups.front().kind, store::BackupInfo::Kind::AtClose);
    {
        // Opened and closed again without a change: no new copy.
        std::optional<ui::OpenedDatabase> idle = ui::DatabaseOpener(config, QStringLiteral("dr.a")).open();
        QVERIFY(idle && idle->repository);
    }
    QCOMPARE(store::DatabaseBackups(path).list().size(), size_t(2));

    truncate(path);
    Seen seen;
    QObject scope;
    answerNextDialog(Choice::OpenLatestBackup, &seen, path, &scope);
    std::optional<ui::OpenedDatabase> opened = ui::DatabaseOpener(config, QStringLiteral("dr.a")).open();
    QCOMPARE(seen.dialogs, 1);
    QVERIFY2(seen.backupNote.contains(QLatin1String("at closing")), qPrintable(seen.backupNote));
    QVERIFY(opened && opened->repository);
    QCOMPARE(opened->repository->cases().size(), size_t(3));  // the two of before and this sitting's
    QVERIFY(opened->repository->store().verifyAudit().ok);
}

QTEST_MAIN(TestDatabaseOpener)
#include "TestDatabaseOpener.moc"
