// AssessmentPanel: the Grad-CAM section says why the overlay is blank when the model's map has no mass, and
// says nothing when the map shows something; no text ever widens the panel past its scroll area; a film
// warning stands under the verdict; the mouse wheel scrolls the panel, never an unfocused field's value.
#include <QtTest/qtestspontaneevent.h>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
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

/// One notch of the mouse wheel, up (+) or down (-), on `target`'s centre. Spontaneous, as from the window
/// system: only such a wheel event travels up the parents when a widget ignores it.
void wheel(QWidget* target, int notches) {
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QSpontaneKeyEvent::setSpontaneous(&event);
    qApp->notify(target, &event);  // as QTest sends its key events: sendEvent() would clear "spontaneous"
}

/// The panel in a scroll area the size of the workstation's (its default window is 1,000 px high).
struct ScrolledPanel {
    QScrollArea scroll;
    ui::AssessmentPanel* panel = new ui::AssessmentPanel;
    explicit ScrolledPanel(int height) {
        scroll.setWidgetResizable(true);
        scroll.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll.setWidget(panel);
        scroll.resize(360, height);
        scroll.show();
    }
};

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

    // Seen in a sitting: the mirrored-film warning sat in the Model section at the foot of the panel, below
    // the fold. It now stands under the verdict, above the reader's decision, on the first screen.
    void aFilmWarning_standsUnderTheVerdict_onTheFirstScreen() {
        ScrolledPanel rig(900);
        QVERIFY(QTest::qWaitForWindowExposed(&rig.scroll));
        const store::CaseSummary summary = pngCase();
        rig.panel->setCase(&summary);
        rig.panel->setResult(resultWithMap({0, 1, 0, 0}, {{WarningCode::FilmMirrored, {}}}));
        auto* warnings = rig.panel->findChild<QLabel*>(QStringLiteral("warningsLabel"));
        auto* verdict = rig.panel->findChild<QLabel*>(QStringLiteral("verdict"));
        auto* accept = rig.panel->findChild<QWidget*>(QStringLiteral("acceptButton"));
        QVERIFY(warnings && verdict && accept);
        QTRY_VERIFY(warnings->isVisible());
        QVERIFY2(warnings->text().contains(QStringLiteral("mirror"), Qt::CaseInsensitive),
                 qPrintable(warnings->text()));
        const int top = warnings->mapTo(rig.panel, QPoint(0, 0)).y();
        const int bottom = top + warnings->height();
        QVERIFY(top > verdict->mapTo(rig.panel, QPoint(0, 0)).y());
        QVERIFY2(bottom < accept->mapTo(rig.panel, QPoint(0, 0)).y(), qPrintable(QString::number(bottom)));
        QVERIFY2(
            bottom <= rig.scroll.viewport()->height(),
            qPrintable(QStringLiteral("ends at %1 of %2").arg(bottom).arg(rig.scroll.viewport()->height())));
    }

    // Seen in a sitting: scrolling the panel with the wheel while the pointer passed over the override's
    // year field changed the reader's bone age (and over the sex chooser, the sex). An unfocused field passes
    // the wheel to the panel; once the reader clicks into it, the wheel steps it.
    void wheelOverAnUnfocusedField_scrollsThePanel_notTheValue() {
        ScrolledPanel rig(300);
        QVERIFY(QTest::qWaitForWindowExposed(&rig.scroll));
        rig.scroll.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&rig.scroll));
        const store::CaseSummary summary = pngCase();
        rig.panel->setCase(&summary);
        rig.panel->setResult(resultWithMap({0, 1, 0, 0}));
        auto* years = rig.panel->findChild<QSpinBox*>(QStringLiteral("overrideYears"));
        auto* sex = rig.panel->findChild<QComboBox*>(QStringLiteral("sexChooser"));
        QVERIFY(years && sex);
        QVERIFY(years->isEnabled());
        QScrollBar* bar = rig.scroll.verticalScrollBar();
        QVERIFY2(bar->maximum() > 0, "the panel does not scroll in 300 px");

        for (QWidget* field : std::initializer_list<QWidget*>{years, sex}) {
            rig.scroll.ensureWidgetVisible(field);
            bar->setValue(std::max(bar->value(), bar->maximum() / 2));  // room to scroll up
            const int yearsBefore = years->value(), sexBefore = sex->currentIndex(),
                      scrollBefore = bar->value();
            // The pointer is over the field's text, as in use: the line edit gets the event first.
            QWidget* under = field->findChild<QLineEdit*>() ? field->findChild<QLineEdit*>() : field;
            wheel(under, +1);
            QCOMPARE(years->value(), yearsBefore);
            QCOMPARE(sex->currentIndex(), sexBefore);
            QVERIFY2(bar->value() < scrollBefore, qPrintable(field->objectName()));
        }

        years->setFocus(Qt::MouseFocusReason);
        QTRY_VERIFY(years->hasFocus());
        const int before = years->value();
        wheel(years->findChild<QLineEdit*>(), +1);
        QCOMPARE(years->value(), before + 1);
    }
};

QTEST_MAIN(TestAssessmentPanel)
#include "TestAssessmentPanel.moc"
