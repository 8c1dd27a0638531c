// AssessmentPanel: the Grad-CAM section says why the overlay is blank when the model's map has no mass (no
// evidence for an older age anywhere, as on young hands), and says nothing when the map shows something.
#include <QLabel>
#include <QtTest>

#include <memory>

#include "assessment/Assessor.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseEntry.h"
#include "ui/InferenceTypes.h"

using namespace boneage;

namespace {

ui::InferenceResult resultWithMap(std::vector<float> values) {
    auto assessment = std::make_shared<assessment::AssessmentResult>();
    assessment->prediction.boneAgeMonths = 50.0;
    assessment->prediction.gradcam = engine::Heatmap{2, 2, std::move(values)};
    assessment->clinical.boneAgeMonths = 50.0;
    ui::InferenceResult result;
    result.assessment = assessment;
    result.model.name = QStringLiteral("test");
    return result;
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
    void emptyGradCam_isExplained_data() {
        QTest::addColumn<std::vector<float>>("values");
        QTest::addColumn<bool>("explained");
        QTest::newRow("all zero") << std::vector<float>{0, 0, 0, 0} << true;
        QTest::newRow("one hot cell") << std::vector<float>{0, 0, 0.3f, 0} << false;
    }
    void emptyGradCam_isExplained() {
        QFETCH(std::vector<float>, values);
        QFETCH(bool, explained);
        ui::AssessmentPanel panel;
        panel.show();
        ui::CaseEntry entry;
        entry.id = 1;
        entry.patientName = QStringLiteral("DEMO^Young");
        entry.sex = QStringLiteral("F");
        panel.setCase(&entry);
        QLabel* note = emptyMapNote(panel);
        QVERIFY(note);
        QVERIFY(note->isHidden());
        panel.setResult(resultWithMap(values));
        QCOMPARE(note->isVisible(), explained);
        panel.setCase(&entry);  // a new case clears it
        QVERIFY(note->isHidden());
    }
};

QTEST_MAIN(TestAssessmentPanel)
#include "TestAssessmentPanel.moc"
