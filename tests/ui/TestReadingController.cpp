// ReadingController with the real widgets and the real inference worker (compact random model, CPU): opening
// a DICOM case records a view and a prediction, shows the film and the model's read; the Grad-CAM overlay
// goes on and off; confirm and override are recorded and shown in the worklist; a model error is a message.
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "UiTestSupport.h"
#include "ui/AssessmentPanel.h"
#include "ui/FilmView.h"
#include "ui/InMemoryCaseRepository.h"
#include "ui/InferenceService.h"
#include "ui/ReaderDecisionWidget.h"
#include "ui/ReadingController.h"
#include "ui/WorklistModel.h"

using namespace boneage;

class TestReadingController : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_dicom;
    const QString m_model = QStringLiteral(BONEAGE_TEST_MODELS "/compact-random");

    struct Rig {
        ui::InMemoryCaseRepository repo;
        ui::InferenceService inference;
        ui::FilmView view;
        ui::AssessmentPanel panel;
        ui::ReadingController controller{repo, inference, view, panel};
        ui::WorklistModel worklist{repo};
    };

    qint64 addCase(Rig& rig) {
        ui::CaseEntry e;
        e.sourcePath = m_dicom;
        e.sex = QStringLiteral("F");
        e.birthDate = QDate(2014, 1, 1);
        e.studyDate = QDate(2024, 3, 1);
        e.chronologicalAgeMonths = 122;
        return rig.repo.addCase(e);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(QFileInfo::exists(m_model + "/manifest.json"), "the random_models fixture did not run");
        m_dicom = m_dir.filePath(QStringLiteral("hand.dcm"));
        uitest::writeTestDicom(m_dicom, 256, 320);
    }

    void openCase_showsFilmAndModelRead_recordsViewAndPrediction() {
        Rig rig;
        rig.inference.configure({m_model, QStringLiteral("cpu")});
        const qint64 id = addCase(rig);
        QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
        rig.controller.openCase(id);
        QVERIFY(shown.wait(120000));
        QVERIFY(rig.view.film());
        QCOMPARE(rig.repo.viewCount(id), 1);
        const auto entry = rig.repo.caseById(id);
        QCOMPARE(entry->status(), ui::CaseStatus::Predicted);
        QVERIFY(rig.panel.boneAgeText().contains(QStringLiteral(" y ")));
        QCOMPARE(rig.worklist.data(rig.worklist.index(0, ui::WorklistModel::Status)).toString(),
                 QStringLiteral("predicted"));
        // Overlay on and off.
        QVERIFY(rig.view.hasHeatmap());
        rig.panel.setOverlayChecked(true);
        QVERIFY(rig.view.overlayVisible());
        rig.panel.setOverlayChecked(false);
        QVERIFY(!rig.view.overlayVisible());
        // Reopening uses the cache: no second run, no second prediction row.
        const int runs = rig.inference.runsStarted();
        rig.controller.openCase(id);
        QVERIFY(shown.wait(30000));
        QCOMPARE(rig.inference.runsStarted(), runs);
        QVERIFY(!rig.panel.busyShown());  // and no "Running the model" left on screen
    }

    void confirmAndOverride_areRecordedAndShown() {
        Rig rig;
        rig.inference.configure({m_model, QStringLiteral("cpu")});
        rig.controller.setReaderName(QStringLiteral("Dr Test"));
        const qint64 id = addCase(rig);
        QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
        rig.controller.openCase(id);
        QVERIFY(shown.wait(120000));
        const double model = rig.repo.caseById(id)->modelRead->boneAgeMonths;

        auto* accept = rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton"));
        QVERIFY(accept && accept->isEnabled());
        QTest::mouseClick(accept, Qt::LeftButton);
        auto entry = rig.repo.caseById(id);
        QCOMPARE(entry->status(), ui::CaseStatus::Confirmed);
        QCOMPARE(entry->decision->boneAgeMonths, model);
        QCOMPARE(entry->decision->reader, QStringLiteral("Dr Test"));

        auto* overrideButton = rig.panel.findChild<QPushButton*>(QStringLiteral("overrideButton"));
        QVERIFY(!overrideButton->isEnabled());  // a reason is required
        auto* years = rig.panel.findChild<QSpinBox*>(QStringLiteral("overrideYears"));
        auto* months = rig.panel.findChild<QSpinBox*>(QStringLiteral("overrideMonthPart"));
        years->setValue(11);
        months->setValue(6);
        QCOMPARE(rig.panel.decisionWidget()->overrideMonths(), 138.0);
        rig.panel.decisionWidget()->setReason(QStringLiteral("Carpal maturity disagrees"));
        QVERIFY(overrideButton->isEnabled());
        QTest::mouseClick(overrideButton, Qt::LeftButton);
        entry = rig.repo.caseById(id);
        QCOMPARE(entry->status(), ui::CaseStatus::Overridden);
        QCOMPARE(entry->decision->boneAgeMonths, 138.0);
        QCOMPARE(entry->decision->reason, QStringLiteral("Carpal maturity disagrees"));
        QCOMPARE(rig.worklist.data(rig.worklist.index(0, ui::WorklistModel::ReaderBoneAge)).toString(),
                 QStringLiteral("11 y 6 m"));
        QCOMPARE(rig.worklist.data(rig.worklist.index(0, ui::WorklistModel::Status)).toString(),
                 QStringLiteral("overridden"));
    }

    void badModel_isAClearMessage_notACrash() {
        Rig rig;
        rig.inference.configure({m_dir.filePath(QStringLiteral("no-such-model")), QStringLiteral("cpu")});
        const qint64 id = addCase(rig);
        QSignalSpy failed(&rig.inference, &ui::InferenceService::failed);
        rig.controller.openCase(id);
        QVERIFY(failed.wait(60000));
        auto* error = rig.panel.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("Model error")), qPrintable(error->text()));
        QCOMPARE(rig.repo.caseById(id)->status(), ui::CaseStatus::New);
    }
};

QTEST_MAIN(TestReadingController)
#include "TestReadingController.moc"
