// Two workstations on one real PostgreSQL case database (a throw-away server started by the test): each sees
// the other's cases and decisions, and a decision records the prediction its reader saw, even when the other
// workstation has stored a newer prediction for the same case in the meantime.
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "TempPostgres.h"
#include "UiTestSupport.h"
#include "store/CaseStore.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseImporter.h"
#include "ui/CaseRepository.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"
#include "ui/ReadingController.h"
#include "ui/WorklistModel.h"

using namespace boneage;

class TestSharedDatabase : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    store::test::TempPostgres m_server;
    store::StoreConfig m_config;

    struct Workstation {
        Workstation(const store::StoreConfig& config, const QString& reader, double months)
            : repo(config, reader), inference(uitest::tableAssessor({{"SHARED", months}})) {
            inference.configure({QStringLiteral("unused"), QStringLiteral("cpu")});
            controller.setReaderName(reader);
        }
        ui::CaseRepository repo;
        ui::InferenceService inference;
        ui::FilmView view;
        ui::AssessmentPanel panel;
        ui::ReadingController controller{repo, inference, view, panel};

        bool openAndRead(qint64 id) {
            QSignalSpy shown(&controller, &ui::ReadingController::resultShown);
            controller.openCase(id);
            return shown.wait(20000);
        }
    };

private Q_SLOTS:
    void initTestCase() {
        if (store::test::TempPostgres::binDir().isEmpty())
            QSKIP("PostgreSQL server binaries are not installed (packaging/install-deps.sh installs them)");
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY2(m_server.createDatabase(QStringLiteral("shared"), &error), qPrintable(error));
        m_config = m_server.config(QStringLiteral("shared"));
        uitest::writeTestDicom(m_dir.filePath(QStringLiteral("shared.dcm")), 200, 240, "M", "SHARED");
    }

    void decision_namesThePredictionItsReaderSaw() {
        Workstation one(m_config, QStringLiteral("Dr. One"), 100.0);
        Workstation two(m_config, QStringLiteral("Dr. Two"), 130.0);
        const auto outcome = ui::CaseImporter::importNow({m_dir.filePath(QStringLiteral("shared.dcm"))});
        const qint64 id = one.repo.importCase(outcome.cases.front());
        QCOMPARE(two.repo.importCase(outcome.cases.front()), id);  // the same film is the same case

        QVERIFY(one.openAndRead(id));
        const qint64 seenByOne = one.controller.shownPrediction()->id;
        QVERIFY(two.openAndRead(id));  // a newer prediction for the same case, from the other workstation
        QVERIFY(two.controller.shownPrediction()->id != seenByOne);
        QCOMPARE(one.repo.caseById(id)->latestPrediction->id, two.controller.shownPrediction()->id);

        one.controller.confirm();
        const auto read = two.repo.caseById(id)->latestRead;  // seen from the other workstation
        QVERIFY(read);
        QCOMPARE(read->predictionId, std::optional<qint64>(seenByOne));
        QCOMPARE(read->valueMonths, 100.0);
        QCOMPARE(read->reader, QStringLiteral("Dr. One"));
        ui::WorklistModel worklist(two.repo);
        QCOMPARE(worklist.data(worklist.index(0, ui::WorklistModel::Status)).toString(),
                 QStringLiteral("confirmed"));
        QVERIFY(two.repo.store().verifyAudit().ok);
    }
};

QTEST_MAIN(TestSharedDatabase)
#include "TestSharedDatabase.moc"
