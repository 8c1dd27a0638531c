// boneage-ui-screenshots MODEL_DIR OUT_DIR: renders the demo phantoms, reads them with the model, and plays
// a careful reader who knows each phantom's rendered bone age: confirms the model within a year of it,
// overrides it otherwise. Saves the reading view (Grad-CAM on) and the review tab as PNGs.
#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <cmath>

#include "store/StoreConfig.h"
#include "ui/AppSettings.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/DemoCases.h"
#include "ui/MainWindow.h"
#include "ui/ReadingController.h"
#include "ui/Theme.h"
#include "ui/WorklistPanel.h"

using namespace boneage;

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QTextStream err(stderr);
    if (argc < 3) {
        err << "usage: boneage-ui-screenshots MODEL_DIR OUT_DIR [DEMO_DIR]\n";
        return 2;
    }
    ui::applyDarkTheme(app);
    const QString outDir = QString::fromLocal8Bit(argv[2]);
    QTemporaryDir tmp;
    const QString demoDir = argc > 3 ? QString::fromLocal8Bit(argv[3]) : tmp.path();
    const QStringList files = ui::DemoCases::ensure(demoDir, 8);

    ui::AppSettings settings;
    settings.modelDir = QString::fromLocal8Bit(argv[1]);
    settings.device = QStringLiteral("cpu");
    settings.readerName = QStringLiteral("Dr. A. Reader");
    // A case database of its own, like the workstation's default (never the user's).
    ui::CaseRepository repo(store::StoreConfig::sqlite(tmp.filePath(QStringLiteral("cases.sqlite"))),
                            settings.readerName);
    ui::MainWindow window(repo, settings);
    window.resize(1680, 1020);
    window.show();

    QSignalSpy imported(&window, &ui::MainWindow::importFinished);
    window.openPaths(files, false);
    if (!imported.wait(120000))
        return 1;
    QSignalSpy shown(&window.reading(), &ui::ReadingController::resultShown);
    // Opens a case and waits until its result is on screen (at once when the result is cached).
    const auto show = [&](qint64 id) {
        const int before = int(shown.count());
        window.openCase(id);
        return int(shown.count()) > before || shown.wait(300000);
    };
    const auto modelMonths = [&](qint64 id) { return repo.caseById(id)->latestPrediction->boneAgeMonths; };
    std::vector<qint64> cases;
    for (const auto& c : repo.cases())
        cases.push_back(c.caseRecord.id);
    for (const qint64 id : cases) {
        if (!show(id)) {
            err << "no result for a case\n";
            return 1;
        }
    }
    // Left unread for the main screenshot: the most mature hand, whose Grad-CAM map has the most to show
    // (a young hand's map can be empty: nothing on it argues for an older age).
    qint64 unread = cases.front();
    for (const qint64 id : cases) {
        if (modelMonths(id) > modelMonths(unread))
            unread = id;
    }
    qint64 overridden = 0;
    for (const qint64 id : cases) {
        if (id == unread)
            continue;
        if (!show(id))
            return 1;
        const QString patientId = repo.caseById(id)->caseRecord.patientId;
        const std::optional<double> truth = ui::DemoCases::renderedBoneAgeMonths(patientId);
        if (!truth) {
            err << "not a demo case: " << patientId << "\n";
            return 1;
        }
        if (std::abs(modelMonths(id) - *truth) <= 12.0) {
            window.reading().confirm();
        } else {
            // The phantoms are synthetic films, outside the RSNA data the model learnt from.
            window.reading().overrideWith(std::round(*truth),
                                          QStringLiteral("Model outside its trained range"));
            overridden = id;
        }
    }
    // An overridden case: the verdict shown is the reader's, the model's stays beside it.
    if (overridden) {
        if (!show(overridden))
            return 1;
        window.reading().setOverlayVisible(false);
        QTest::qWait(400);
        window.grab().save(QDir(outDir).filePath(QStringLiteral("screenshot-override.png")));
    }
    // The main view: a case still to read, with the overlay on.
    if (!show(unread))
        return 1;
    window.reading().setOverlayVisible(true);
    QTest::qWait(400);
    window.grab().save(QDir(outDir).filePath(QStringLiteral("screenshot-main.png")));
    window.showReview();
    QTest::qWait(400);
    window.grab().save(QDir(outDir).filePath(QStringLiteral("screenshot-review.png")));
    return 0;
}
