// MainWindow as a radiologist uses it for a sitting, with a deterministic reader of films in place of the
// network: every skipped file of an import is named; the viewer's tools rest on the Review tab; after a
// decision the next unread case opens, and the next/previous-unread shortcuts walk the worklist; Help lists
// the shortcuts; the reader's name stands in the status bar, on every decision and every later audit row.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include "UiTestSupport.h"
#include "store/CaseStore.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/FilmView.h"
#include "ui/MainWindow.h"
#include "ui/ReadingController.h"
#include "ui/WorklistPanel.h"

using namespace boneage;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_serial = 0;

    struct Rig {
        Rig(const QString& db, const QString& reader)
            : repo(store::StoreConfig::sqlite(db), QStringLiteral("account")),
              window(repo, settingsFor(reader), uitest::tableAssessor({{"A", 100}, {"B", 110}, {"C", 120}})) {
            window.resize(1400, 900);
            window.show();
        }
        static ui::AppSettings settingsFor(const QString& reader) {
            ui::AppSettings s;
            s.readerName = reader;
            s.device = QStringLiteral("cpu");
            return s;
        }
        ui::CaseRepository repo;
        ui::MainWindow window;
    };

    std::unique_ptr<Rig> rig(const QString& reader = QStringLiteral("Dr. Sitting")) {
        return std::make_unique<Rig>(m_dir.filePath(QStringLiteral("w%1.sqlite").arg(++m_serial)), reader);
    }

    QStringList films() {
        return {m_dir.filePath(QStringLiteral("a.dcm")), m_dir.filePath(QStringLiteral("b.dcm")),
                m_dir.filePath(QStringLiteral("c.dcm"))};
    }

    static bool importAll(Rig& r, const QStringList& paths, bool openFirst = false) {
        QSignalSpy done(&r.window, &ui::MainWindow::importFinished);
        r.window.openPaths(paths, openFirst);
        return done.wait(20000);
    }

    /// Waits (processing events) until case `id` is open with the model's read on screen.
    static bool waitShown(Rig& r, qint64 id) {
        return QTest::qWaitFor(
            [&] {
                return r.window.reading().currentCaseId() == id &&
                       r.window.reading().shownPrediction().has_value();
            },
            20000);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the settings the window saves stay out of the user's
        QVERIFY(m_dir.isValid());
        const char* ids[] = {"A", "B", "C"};
        for (int i = 0; i < 3; ++i)
            uitest::writeTestDicom(films()[i], 200, 240, i % 2 ? "M" : "F", ids[i], "20140101", "20240301",
                                   ids[i]);
    }

    // Defect 5: the skip message names every file that could not be read, not only the first.
    void importWithBadFiles_namesEverySkippedFile() {
        auto r = rig();
        QStringList bad;
        for (int i = 0; i < 3; ++i) {
            bad << m_dir.filePath(QStringLiteral("broken-%1.dcm").arg(i));
            QFile f(bad.last());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(200 + i, 'x'));
        }
        QVERIFY(importAll(*r, QStringList{films().first()} + bad));
        const QString text = r->window.worklistPanel().statusText();
        QVERIFY2(text.contains(QStringLiteral("3 file(s) skipped")), qPrintable(text));
        for (const QString& path : bad)
            QVERIFY2(text.contains(path), qPrintable(text));
        QCOMPARE(r->repo.cases().size(), size_t(1));
    }

    // The import reads headers only: a film whose pixel data is cut short still lists (its header is whole),
    // and opening it says why it cannot be shown, naming the file; no prediction is made or stored.
    void importReadsHeadersOnly_brokenPixelsSaidWhenOpened() {
        auto r = rig();
        const QString cut = m_dir.filePath(QStringLiteral("cut.dcm"));
        uitest::writeTestDicom(cut, 200, 240, "F", "CUT", "20140101", "20240301", "CUT");
        QFile f(cut);
        QVERIFY(f.resize(f.size() - 200 * 240));  // half the 16-bit pixel data gone
        QVERIFY(importAll(*r, {cut}));
        QCOMPARE(r->repo.cases().size(), size_t(1));
        const qint64 id = r->repo.cases().front().caseRecord.id;
        r->window.openCase(id);
        auto* error = r->window.assessmentPanel().findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(error);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 20000);
        QVERIFY2(error->text().contains(QStringLiteral("cannot be opened")), qPrintable(error->text()));
        QVERIFY2(error->text().contains(cut), qPrintable(error->text()));
        QVERIFY(!r->repo.caseById(id)->latestPrediction);
    }

    // Defect 5: the viewer toolbar and its shortcuts rest while the Review tab shows.
    void reviewTab_disablesTheViewerTools() {
        auto r = rig();
        auto* toolBar = r->window.findChild<QToolBar*>(QStringLiteral("viewerToolBar"));
        QVERIFY(toolBar && toolBar->isEnabled());
        r->window.showReview();
        QVERIFY(!toolBar->isEnabled());
        for (QAction* a : toolBar->actions())
            QVERIFY2(!a->isEnabled() || a->isSeparator(), qPrintable(a->text()));
        r->window.showReading();
        QVERIFY(toolBar->isEnabled());
    }

    // Defect 5: after Accept the next unread case opens; the shortcuts walk the unread cases.
    void afterADecision_theNextUnreadCaseOpens() {
        auto r = rig();
        QVERIFY(importAll(*r, films()));
        std::vector<qint64> ids;
        for (const auto& c : r->repo.cases())
            ids.push_back(c.caseRecord.id);
        QCOMPARE(ids.size(), size_t(3));
        r->window.openCase(ids[0]);
        QVERIFY(waitShown(*r, ids[0]));
        QTest::mouseClick(r->window.assessmentPanel().findChild<QPushButton*>(QStringLiteral("acceptButton")),
                          Qt::LeftButton);
        QVERIFY(r->repo.caseById(ids[0])->latestRead);
        QCOMPARE(r->window.reading().currentCaseId(), std::optional<qint64>(ids[1]));
        QVERIFY(waitShown(*r, ids[1]));

        auto* next = r->window.findChild<QAction*>(QStringLiteral("nextUnreadAction"));
        auto* previous = r->window.findChild<QAction*>(QStringLiteral("previousUnreadAction"));
        QVERIFY(next && previous);
        QCOMPARE(next->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_BracketRight));
        next->trigger();
        QCOMPARE(r->window.reading().currentCaseId(), std::optional<qint64>(ids[2]));
        previous->trigger();  // back past the read case 0, to case 1
        QCOMPARE(r->window.reading().currentCaseId(), std::optional<qint64>(ids[1]));
    }

    // Defect 5: a shortcut list under Help, built from the actions.
    void help_listsTheShortcuts() {
        auto r = rig();
        QAction* list = nullptr;
        for (QAction* a : r->window.findChildren<QAction*>())
            if (a->text().remove('&') == QStringLiteral("Keyboard shortcuts"))
                list = a;
        QVERIFY(list);
        QString text;
        uitest::answerNextMessageBox(QMessageBox::Close, &text);
        list->trigger();
        for (const QString& expected :
             {QStringLiteral("Next unread case"), QStringLiteral("Previous unread case"),
              QKeySequence(Qt::CTRL | Qt::Key_BracketRight)
                  .toString(QKeySequence::NativeText)
                  .toHtmlEscaped(),
              QStringLiteral("Accept model bone age")})
            QVERIFY2(text.contains(expected), qPrintable(expected));
    }

    // Defect 5: "Default" shows the film as acquired, the inversion undone too.
    void defaultPreset_undoesTheInversion() {
        auto r = rig();
        QVERIFY(importAll(*r, {films()[0]}, true));
        QVERIFY(QTest::qWaitFor([&] { return r->window.filmView().film() != nullptr; }, 20000));
        QAction *invert = nullptr, *standard = nullptr;
        for (QAction* a : r->window.findChildren<QAction*>()) {
            if (a->text() == QStringLiteral("Invert"))
                invert = a;
            if (a->text() == QStringLiteral("Default"))
                standard = a;
        }
        QVERIFY(invert && standard);
        invert->trigger();
        QVERIFY(r->window.filmView().inverted());
        standard->trigger();
        QVERIFY(!r->window.filmView().inverted());
        QVERIFY(!invert->isChecked());
    }

    // Defect 7: the reader identity from the settings is in the status bar, on decisions and audit rows.
    void readerIdentity_isShownAndWrittenEverywhere() {
        auto r = rig(QStringLiteral("Dr. Jane Reader"));
        auto* status = r->window.findChild<QLabel*>(QStringLiteral("readerStatus"));
        QVERIFY(status);
        QCOMPARE(status->text(), QStringLiteral("Reader: Dr. Jane Reader"));
        QVERIFY(importAll(*r, {films()[1]}));
        const qint64 id = r->repo.cases().front().caseRecord.id;
        r->window.openCase(id);
        QVERIFY(waitShown(*r, id));
        r->window.reading().confirm();
        QCOMPARE(r->repo.caseById(id)->latestRead->reader, QStringLiteral("Dr. Jane Reader"));
        for (const auto& row : r->repo.store().auditEntries(id))
            QCOMPARE(row.actor, QStringLiteral("Dr. Jane Reader"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
