// AssessmentPanel: the Grad-CAM section says why the overlay is blank when the model's map has no mass, and
// says nothing when the map shows something; no text ever widens the panel past its scroll area.
#include <QLabel>
#include <QScrollArea>
#include <QtTest>

#include <memory>

#include "assessment/Assessor.h"
#include "ui/AssessmentPanel.h"
#include "ui/InferenceTypes.h"
#include "ui/SdBandBar.h"

using namespace boneage;

namespace {

ui::InferenceResult resultWithMap(std::vector<float> values, std::vector<Warning> warnings = {}) {
    auto assessment = std::make_shared<assessment::AssessmentResult>();
    assessment->prediction.boneAgeMonths = 144.1;
    assessment->prediction.gradcam = engine::Heatmap{2, 2, std::move(values)};
    assessment->clinical.boneAgeMonths = 144.1;
    assessment->warnings = std::move(warnings);
    ui::InferenceResult result;
    result.assessment = assessment;
    result.model.name = QStringLiteral("rsna-compact-with-a-rather-long-package-name");
    result.model.version = QStringLiteral("1.2.0");
    result.model.device = QStringLiteral("cpu");
    result.model.researchOnly = true;
    return result;
}

store::CaseSummary pngCase() {
    store::CaseSummary s;
    s.caseRecord.id = 1;
    s.caseRecord.sourcePath = QStringLiteral("/films/a-film-with-a-long-name-from-a-scanner-0001.png");
    s.caseRecord.entered.sex = Sex::Female;
    store::PredictionRecord p;
    p.id = 3;
    p.caseId = 1;
    p.boneAgeMonths = 144.1;
    s.latestPrediction = p;
    return s;
}

QLabel* emptyMapNote(const ui::AssessmentPanel& panel) {
    for (QLabel* label : panel.findChildren<QLabel*>()) {
        if (label->text().startsWith(QStringLiteral("Nothing on this film raises")))
            return label;
    }
    return nullptr;
}

}  // namespace

class TestAssessmentPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // With no case open the SD band explains nothing (it said "the chronological age is unknown").
    void noCaseOpen_theBandSaysNothing() {
        ui::AssessmentPanel panel;
        panel.setCase(nullptr);
        auto* band = panel.findChild<ui::SdBandBar*>();
        QVERIFY(band);
        QCOMPARE(band->whyNoBand(), QString());
    }

    void emptyGradCam_isExplained_data() {
        QTest::addColumn<std::vector<float>>("values");
        QTest::addColumn<bool>("explained");
        QTest::newRow("allZero_isExplained") << std::vector<float>{0, 0, 0, 0} << true;
        QTest::newRow("oneHotCell_isNotExplained") << std::vector<float>{0, 0, 0.3f, 0} << false;
    }
    void emptyGradCam_isExplained() {
        QFETCH(std::vector<float>, values);
        QFETCH(bool, explained);
        ui::AssessmentPanel panel;
        panel.show();
        const store::CaseSummary summary = pngCase();
        panel.setCase(&summary);
        QLabel* note = emptyMapNote(panel);
        QVERIFY(note);
        QVERIFY(note->isHidden());
        panel.setResult(resultWithMap(values));
        QCOMPARE(note->isVisible(), explained);
        panel.setCase(&summary);  // a new case clears it
        QVERIFY(note->isHidden());
    }

    // Defect 5: after a PNG prediction the panel was wider than its scroll area ("144.1 r", "RESEARCH USE
    // ONLY — not a cleared medi"): every label now fits inside the viewport.
    void afterAPngPrediction_everyLabelFitsTheScrollArea() {
        QScrollArea scroll;
        scroll.setWidgetResizable(true);
        scroll.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        auto* panel = new ui::AssessmentPanel;
        scroll.setWidget(panel);
        scroll.resize(360, 900);
        scroll.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scroll));
        const store::CaseSummary summary = pngCase();
        panel->setCase(&summary);
        panel->setResult(resultWithMap(
            {0, 1, 0, 0}, {{WarningCode::ChronologicalAgeUnknown, {}}, {WarningCode::ResearchModel, {}}}));
        const int viewport = scroll.viewport()->width();
        QTRY_VERIFY2(
            panel->width() <= viewport,
            qPrintable(QStringLiteral("panel %1 px in a %2 px viewport").arg(panel->width()).arg(viewport)));
        for (QLabel* label : panel->findChildren<QLabel*>()) {
            if (!label->isVisibleTo(panel) || label->text().isEmpty())
                continue;
            const int right = label->mapTo(panel, QPoint(label->width(), 0)).x();
            QVERIFY2(right <= viewport, qPrintable(QStringLiteral("'%1' ends at %2 of %3")
                                                       .arg(label->text().left(40))
                                                       .arg(right)
                                                       .arg(viewport)));
        }
    }
};

QTEST_MAIN(TestAssessmentPanel)
#include "TestAssessmentPanel.moc"
