// ReadingController with the real widgets and a deterministic reader of films in place of the network
// (uitest::TableAssessor): views, predictions and decisions land in a real SQLite case database; what the
// panel shows is what the database says; the verdict follows the reader; no value survives from one case to
// the next; what the reader enters for a PNG is kept; an earlier decision is replaced only after a question,
// and so is the sex of a decided case;
// the input check of a format 2 model: a mirrored or turned film read with its warning and the interval, a
// film that is not a hand not read, with no Accept.
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "UiTestSupport.h"
#include "store/CaseStore.h"
#include "ui/AgeFormat.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseImporter.h"
#include "ui/CaseRepository.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"
#include "ui/PatientFactsWidget.h"
#include "ui/ReaderDecisionWidget.h"
#include "ui/ReadingController.h"
#include "ui/SdBandBar.h"
#include "ui/WorklistModel.h"

using namespace boneage;

namespace {

QString labelText(const QWidget& root, const char* name) {
    auto* label = root.findChild<QLabel*>(QLatin1String(name));
    return label && !label->isHidden() ? label->text() : QString();
}

bool anyLabelContains(const QWidget& root, const QString& text) {
    for (QLabel* label : root.findChildren<QLabel*>()) {
        if (!label->isHidden() && label->text().contains(text))
            return true;
    }
    return false;
}

}  // namespace

class TestReadingController : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    /// Ada: a girl of 62 months whose model reading is 28.8 (delayed); Ben: a boy of 100 months read at 104
    /// (normal); Cleo: a girl of 8 y 7 m read at 55.46 (shown 55.5 mo); a PNG with nothing in its header.
    const std::map<std::string, double> m_months = {{"ADA", 28.8}, {"BEN", 104.0}, {"CLEO", 55.46}};

    struct Rig {
        explicit Rig(const QString& db, const std::map<std::string, double>& months,
                     const std::map<std::string, engine::InputCheck>& checks = {})
            : repo(store::StoreConfig::sqlite(db), QStringLiteral("dr-test")),
              inference(uitest::tableAssessor(months, 90.0, checks)) {
            inference.configure({QStringLiteral("unused"), QStringLiteral("cpu")});
            controller.setReaderName(QStringLiteral("Dr Test"));
            panel.resize(380, 1400);
            panel.show();
        }
        ui::CaseRepository repo;
        ui::InferenceService inference;
        ui::FilmView view;
        ui::AssessmentPanel panel;
        ui::ReadingController controller{repo, inference, view, panel};
        ui::WorklistModel worklist{repo};
    };

    QString film(const char* name) { return m_dir.filePath(QLatin1String(name)); }

    qint64 import(Rig& rig, const QString& path) {
        const auto outcome = ui::CaseImporter::importNow({path});
        if (outcome.cases.size() != 1)
            return 0;
        return rig.repo.importCase(outcome.cases.front());
    }

    /// Opens the case and waits until the model's read is on screen.
    bool openAndRead(Rig& rig, qint64 id) {
        QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
        rig.controller.openCase(id);
        return shown.wait(20000);
    }

    static void override(Rig& rig, double months, const QString& reason) {
        rig.panel.decisionWidget()->setOverrideMonths(months);
        rig.panel.decisionWidget()->setReason(reason);
        auto* button = rig.panel.findChild<QPushButton*>(QStringLiteral("overrideButton"));
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        uitest::writeTestDicom(film("ada.dcm"), 256, 320, "F", "ADA", "20190101", "20240301", "ADA^Test");
        uitest::writeTestDicom(film("ben.dcm"), 256, 320, "M", "BEN", "20140101", "20220501", "BEN^Test");
        uitest::writeTestDicom(film("cleo.dcm"), 256, 320, "F", "CLEO", "20150801", "20240301", "CLEO^Test");
        uitest::writeTestPng(film("hand.png"));
    }

    void openCase_showsFilmAndModelRead_recordsViewAndPrediction() {
        Rig rig(film("open.sqlite"), m_months);
        const qint64 id = import(rig, film("ada.dcm"));
        QVERIFY(openAndRead(rig, id));
        QVERIFY(rig.view.film());
        QVERIFY(rig.view.hasHeatmap());
        const auto summary = rig.repo.caseById(id);
        QVERIFY(summary->latestPrediction);
        QCOMPARE(summary->latestPrediction->boneAgeMonths, 28.8);
        QCOMPARE(summary->latestPrediction->verdict, clinical::Verdict::Delayed);
        QCOMPARE(rig.controller.shownPrediction()->id, summary->latestPrediction->id);
        QCOMPARE(rig.panel.boneAgeText(), QStringLiteral("2 y 5 m"));
        QCOMPARE(labelText(rig.panel, "boneAgeMonths"), QStringLiteral("28.8 months"));
        QVERIFY(labelText(rig.panel, "boneAgeInterval").isEmpty());  // a model without an interval
        QCOMPARE(rig.worklist.data(rig.worklist.index(0, ui::WorklistModel::Status)).toString(),
                 QStringLiteral("predicted"));
        // Reopening recalls the stored read: no second prediction row.
        QVERIFY(openAndRead(rig, id));
        QCOMPARE(rig.repo.store().predictionsForCase(id).size(), size_t(1));
        QVERIFY(!rig.panel.busyShown());
    }

    // A picture that is not a hand gets the ReLU's zero from the network: that is no bone age, so the panel
    // says so and does not offer to accept it (after a reopen too, from the stored value); overriding stays.
    void modelAtItsFloor_isNoReading_acceptIsNotOffered() {
        Rig rig(film("floor.sqlite"), {{"ADA", 0.0}});
        const qint64 id = import(rig, film("ada.dcm"));
        for (int pass = 0; pass < 2; ++pass) {
            QVERIFY(openAndRead(rig, id));
            auto* accept = rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton"));
            QVERIFY(accept);
            QVERIFY(!accept->isEnabled());
            const QString warnings = labelText(rig.panel, "warningsLabel");
            QVERIFY2(warnings.contains(QStringLiteral("found no bone age")), qPrintable(warnings));
            QCOMPARE(warnings.count(QStringLiteral("found no bone age")), 1);
        }
        override(rig, 70.0, QStringLiteral("Not a left hand film"));
        QCOMPARE(rig.repo.caseById(id)->latestRead->valueMonths, 70.0);
    }

    // Model 2.0's input check as the reader meets it (the stand-in reads as a format 2 package does): a right
    // hand and a turned film are read, with the warning that says what the model did; the interval is shown
    // beside the bone age, from the stored prediction (so before the model runs again after a restart).
    void inputCheck_mirroredOrTurnedFilm_isReadWithItsWarningAndTheInterval_data() {
        QTest::addColumn<bool>("mirrored");
        QTest::addColumn<int>("quarterTurns");
        QTest::addColumn<QString>("said");
        QTest::newRow("rightHand_saysMirrored") << true << 0 << "mirrored it and read it as a left hand";
        QTest::newRow("turnedClockwise_saysTurned") << false << 3 << "The film is turned 90\u00b0 clockwise";
        QTest::newRow("upsideDown_saysTurned180") << false << 2 << "The film is turned 180\u00b0";
        QTest::newRow("uprightLeftHand_saysNothing") << false << 0 << QString();
    }
    void inputCheck_mirroredOrTurnedFilm_isReadWithItsWarningAndTheInterval() {
        QFETCH(bool, mirrored);
        QFETCH(int, quarterTurns);
        QFETCH(QString, said);
        engine::InputCheck check;
        check.mirrored = mirrored;
        check.quarterTurns = quarterTurns;
        const QString db = film(qPrintable(QStringLiteral("check-%1.sqlite").arg(QTest::currentDataTag())));
        qint64 id = 0;
        QString interval;
        {
            Rig rig(db, m_months, {{"BEN", check}});
            id = import(rig, film("ben.dcm"));
            QVERIFY(openAndRead(rig, id));
            const QString warnings = labelText(rig.panel, "warningsLabel");
            if (!said.isEmpty())
                QCOMPARE(warnings.count(said), 1);
            QCOMPARE(warnings.contains(QStringLiteral("mirrored")), mirrored);
            QCOMPARE(warnings.contains(QStringLiteral("is turned")), quarterTurns != 0);
            QVERIFY(rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton"))->isEnabled());
            const auto stored = rig.repo.caseById(id)->latestPrediction;
            QVERIFY(stored && stored->interval);
            const auto& shown = rig.controller.shownAssessment()->prediction.interval;
            QVERIFY(shown);
            QCOMPARE(stored->interval->lowMonths, shown->lowMonths);
            QCOMPARE(stored->interval->highMonths, shown->highMonths);
            interval = labelText(rig.panel, "boneAgeInterval");
            QCOMPARE(interval, ui::intervalText(shown->lowMonths, shown->highMonths, shown->coverage));
            QVERIFY2(interval.startsWith(QStringLiteral("90 % interval")), qPrintable(interval));
        }
        Rig restarted(db, m_months, {{"BEN", check}});
        restarted.controller.openCase(id);  // the stored case is on screen before the model has run
        QCOMPARE(labelText(restarted.panel, "boneAgeInterval"), interval);
    }

    // A film the input check refuses is not read: the panel says why in place of the model's bone age and
    // offers no Accept (not even of an earlier model's reading of it), nothing is stored, running the model
    // again is not offered; the reader may override. Reopened (the cached answer) it says the same.
    void inputCheck_notAHand_isNotRead_acceptIsNotOffered() {
        engine::InputCheck cloud;
        cloud.hand = false;
        cloud.handProbability = 0.03;
        Rig rig(film("not-a-hand.sqlite"), m_months, {{"ADA", cloud}});
        const qint64 id = import(rig, film("ada.dcm"));
        rig.repo.recordPrediction(uitest::tablePrediction(id, 61.0));  // an earlier model read it
        for (int pass = 0; pass < 2; ++pass) {
            QVERIFY(openAndRead(rig, id));
            QCOMPARE(rig.panel.boneAgeText(), QStringLiteral("Not read"));
            const QString why = labelText(rig.panel, "boneAgeMonths");
            QVERIFY2(why.contains(QStringLiteral("does not look like a hand radiograph")) &&
                         why.contains(QStringLiteral("0.03")),
                     qPrintable(why));
            auto* accept = rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton"));
            QVERIFY(!accept->isEnabled());
            QVERIFY2(accept->toolTip().contains(QStringLiteral("did not read")),
                     qPrintable(accept->toolTip()));
            QVERIFY(labelText(rig.panel, "errorLabel").isEmpty());
            QVERIFY(rig.panel.findChild<QPushButton*>(QStringLiteral("retryButton"))->isHidden());
            QVERIFY(labelText(rig.panel, "boneAgeInterval").isEmpty());
            QVERIFY(!rig.panel.findChild<QCheckBox*>(QStringLiteral("overlayCheck"))->isEnabled());
            QVERIFY(!rig.controller.shownPrediction());
            QCOMPARE(rig.repo.store().predictionsForCase(id).size(), size_t(1));  // only the earlier one
        }
        QCOMPARE(rig.inference.runsStarted(), 1);
        override(rig, 70.0, QStringLiteral("Not a left hand film"));
        const auto read = rig.repo.caseById(id)->latestRead;
        QVERIFY(read);
        QCOMPARE(read->kind, store::ReadRecord::Kind::Override);
        QCOMPARE(read->valueMonths, 70.0);
        QVERIFY(!read->predictionId);
    }

    // Defect 1: once a reader has decided, the difference, z-score and verdict shown and stored are the
    // reader's; the model's stays visible beside them, labelled as the model's.
    void verdict_followsTheReader_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("readerMonths");
        QTest::addColumn<QString>("modelBanner");
        QTest::addColumn<QString>("readerBanner");
        QTest::addColumn<clinical::Verdict>("stored");
        QTest::newRow("adaDelayedByModel_overriddenTo60_isNormal")
            << "ada.dcm" << 60.0 << "DELAYED"
            << "WITHIN NORMAL LIMITS" << clinical::Verdict::Normal;
        QTest::newRow("benNormalByModel_overriddenTo122_isAdvanced")
            << "ben.dcm" << 122.0 << "WITHIN NORMAL LIMITS"
            << "ADVANCED" << clinical::Verdict::Advanced;
    }
    void verdict_followsTheReader() {
        QFETCH(QString, file);
        QFETCH(double, readerMonths);
        QFETCH(QString, modelBanner);
        QFETCH(QString, readerBanner);
        QFETCH(clinical::Verdict, stored);
        Rig rig(film(qPrintable(QStringLiteral("verdict-%1.sqlite").arg(QTest::currentDataTag()))), m_months);
        const qint64 id = import(rig, film(qPrintable(file)));
        QVERIFY(openAndRead(rig, id));
        QVERIFY2(rig.panel.verdictText().startsWith(modelBanner), qPrintable(rig.panel.verdictText()));
        QVERIFY(labelText(rig.panel, "verdictSource").contains(QStringLiteral("model")));
        const QString modelZ = labelText(rig.panel, "zScore");

        QSignalSpy said(&rig.controller, &ui::ReadingController::message);
        override(rig, readerMonths, QStringLiteral("Carpal maturity disagrees"));
        QVERIFY(!said.isEmpty());
        const QString sentence = said.last().at(0).toString();
        QVERIFY2(sentence.contains(ui::yearsMonthsAndMonths(readerMonths)) &&
                     sentence.contains(QStringLiteral("verdict ") + readerBanner.toLower()),
                 qPrintable(sentence));
        QVERIFY2(rig.panel.verdictText().startsWith(readerBanner), qPrintable(rig.panel.verdictText()));
        QVERIFY(labelText(rig.panel, "verdictSource").contains(QStringLiteral("reader")));
        QVERIFY(labelText(rig.panel, "zScore") != modelZ);
        QVERIFY2(labelText(rig.panel, "modelAlone").contains(modelZ),
                 qPrintable(labelText(rig.panel, "modelAlone")));
        const auto read = rig.repo.caseById(id)->latestRead;
        QVERIFY(read);
        QCOMPARE(read->verdict, stored);
        QVERIFY(read->zScore.has_value());
        QCOMPARE(QString::number(*read->zScore, 'f', 2), labelText(rig.panel, "zScore"));
        QCOMPARE(read->predictionId, std::optional<qint64>(rig.controller.shownPrediction()->id));
    }

    // Defect 2: a case's fields show only that case's values, or are empty.
    void overrideFields_neverCarryThePreviousCase() {
        Rig rig(film("carry.sqlite"), m_months);
        const qint64 cleo = import(rig, film("cleo.dcm"));
        const qint64 png = import(rig, film("hand.png"));
        QVERIFY(openAndRead(rig, cleo));
        ui::ReaderDecisionWidget* decision = rig.panel.decisionWidget();
        QCOMPARE(decision->overrideMonths(), std::optional<double>(55.5));
        rig.controller.openCase(png);  // no sex, so no prediction
        QCOMPARE(decision->overrideMonths(), std::optional<double>());
        QCOMPARE(rig.panel.findChild<QSpinBox*>(QStringLiteral("overrideYears"))->text(),
                 QStringLiteral("\u2014"));
        decision->setReason(QStringLiteral("typed a reason"));
        QVERIFY(!rig.panel.findChild<QPushButton*>(QStringLiteral("overrideButton"))->isEnabled());
        QVERIFY(!rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton"))->isEnabled());
        QCOMPARE(labelText(rig.panel, "boneAge"), QStringLiteral("\u2014"));
    }

    // Defect 5: one rounding rule; the headline and the years/months fields agree for 55.46 months.
    void headlineAndFields_roundAlike() {
        Rig rig(film("round.sqlite"), m_months);
        QVERIFY(openAndRead(rig, import(rig, film("cleo.dcm"))));
        QVERIFY(rig.panel.boneAgeText().startsWith(QStringLiteral("4 y 8 m")));
        QCOMPARE(rig.panel.findChild<QSpinBox*>(QStringLiteral("overrideYears"))->value(), 4);
        QCOMPARE(rig.panel.findChild<QSpinBox*>(QStringLiteral("overrideMonthPart"))->value(), 8);
    }

    // Defect 5: the SD band stands from the case's own facts while the model is still running.
    void sdBand_standsBeforeTheModelAnswers() {
        Rig rig(film("band.sqlite"), m_months);
        const qint64 cleo = import(rig, film("cleo.dcm"));  // a girl of 8 y 7 m
        rig.controller.openCase(cleo);
        QCOMPARE(rig.panel.bandBar()->whyNoBand(), QString());
        const auto [lo, hi] = rig.panel.bandBar()->range();
        QVERIFY(hi > lo);
        QVERIFY(labelText(rig.panel, "chronologicalAge").startsWith(QStringLiteral("8 y 7 m")));
    }

    // Defect 3: the sex chosen for a PNG is stored with the case (audited), shown everywhere, used by every
    // later step and kept across a restart; the reader can enter the dates the film lacks.
    void pngSexAndDates_enteredByTheReader_areKept() {
        const QString db = film("png.sqlite");
        qint64 id = 0;
        {
            Rig rig(db, m_months);
            id = import(rig, film("hand.png"));
            rig.controller.openCase(id);
            auto* sex = rig.panel.findChild<QComboBox*>(QStringLiteral("sexChooser"));
            QVERIFY(sex && !sex->isHidden());
            QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
            sex->setCurrentIndex(2);
            Q_EMIT sex->activated(2);  // as a click on "Female" does
            QVERIFY(shown.wait(20000));
            QVERIFY2(anyLabelContains(rig.panel, QStringLiteral("Female (entered)")),
                     "the header does not say Female");
            QCOMPARE(rig.worklist.data(rig.worklist.index(0, ui::WorklistModel::Sex)).toString(),
                     QStringLiteral("F"));
            QVERIFY(rig.repo.caseById(id)->latestPrediction);
            // Dates where the film has none: the chronological age, band and verdict follow.
            rig.panel.findChild<QDateEdit*>(QStringLiteral("birthDateEntry"))->setDate(QDate(2016, 1, 10));
            rig.panel.findChild<QDateEdit*>(QStringLiteral("studyDateEntry"))->setDate(QDate(2024, 1, 10));
            QTest::mouseClick(rig.panel.findChild<QPushButton*>(QStringLiteral("saveDatesButton")),
                              Qt::LeftButton);
            QCOMPARE(labelText(rig.panel, "chronologicalAge"), QStringLiteral("8 y 0 m  (96.0 mo)"));
            QCOMPARE(rig.panel.bandBar()->whyNoBand(), QString());
            QVERIFY(!rig.panel.verdictText().contains(QStringLiteral("UNKNOWN")));
            bool audited = false;
            for (const auto& row : rig.repo.store().auditEntries(id))
                audited = audited || (row.action == QLatin1String("case_update") &&
                                      row.detailsJson.contains(QLatin1String("\"source\":\"reader\"")));
            QVERIFY(audited);
        }
        Rig restarted(db, m_months);
        const auto summary = restarted.repo.caseById(id);
        QCOMPARE(summary->caseRecord.entered.sex, std::optional<Sex>(Sex::Female));
        QCOMPARE(summary->caseRecord.entered.birthDate, QDate(2016, 1, 10));
        QCOMPARE(restarted.worklist.data(restarted.worklist.index(0, ui::WorklistModel::Sex)).toString(),
                 QStringLiteral("F"));
        QVERIFY(restarted.repo.store().verifyAudit().ok);
    }

    // Defect 5: changing an existing decision asks first; Cancel keeps it, Yes replaces it.
    void changingADecision_asksFirst() {
        Rig rig(film("replace.sqlite"), m_months);
        const qint64 id = import(rig, film("ben.dcm"));
        QVERIFY(openAndRead(rig, id));
        QTest::mouseClick(rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton")), Qt::LeftButton);
        QCOMPARE(rig.repo.caseById(id)->readCount, 1);

        QString question;
        uitest::answerNextMessageBox(QMessageBox::Cancel, &question);
        override(rig, 122, QStringLiteral("Epiphyseal fusion disagrees"));
        QVERIFY2(question.contains(QStringLiteral("already confirmed")), qPrintable(question));
        QCOMPARE(rig.repo.caseById(id)->readCount, 1);
        QCOMPARE(rig.repo.caseById(id)->latestRead->kind, store::ReadRecord::Kind::Confirm);

        uitest::answerNextMessageBox(QMessageBox::Yes);
        override(rig, 122, QStringLiteral("Epiphyseal fusion disagrees"));
        QCOMPARE(rig.repo.caseById(id)->readCount, 2);
        QCOMPARE(rig.repo.caseById(id)->latestRead->kind, store::ReadRecord::Kind::Override);
    }

    // Found in a sitting: a PNG confirmed for a girl, then set to Male, was read again by the male model and
    // still stood as "confirmed" at the girl's reading, with no word. The sex picks the model and the
    // standard: changing it on a decided case asks first (Cancel keeps the sex), and Yes says to decide
    // again.
    void changingTheSexOfADecidedCase_asksFirst() {
        Rig rig(film("sex-after.sqlite"), m_months);
        const qint64 id = import(rig, film("hand.png"));
        rig.controller.openCase(id);
        auto* sex = rig.panel.findChild<QComboBox*>(QStringLiteral("sexChooser"));
        QVERIFY(sex);
        {
            QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
            sex->setCurrentIndex(2);
            Q_EMIT sex->activated(2);  // Female
            QVERIFY(shown.wait(20000));
        }
        QTest::mouseClick(rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton")), Qt::LeftButton);
        QCOMPARE(rig.repo.caseById(id)->readCount, 1);

        QString question;
        uitest::answerNextMessageBox(QMessageBox::Cancel, &question);
        sex->setCurrentIndex(1);
        Q_EMIT sex->activated(1);  // Male
        QVERIFY2(question.contains(QStringLiteral("already confirmed at 7 y 6 m")) &&
                     question.contains(QStringLiteral("read again for a male patient")),
                 qPrintable(question));
        QCOMPARE(rig.repo.caseById(id)->caseRecord.entered.sex, std::optional<Sex>(Sex::Female));
        QCOMPARE(sex->currentIndex(), 2);  // the chooser shows the sex on record again

        QSignalSpy said(&rig.controller, &ui::ReadingController::message);
        QSignalSpy shown(&rig.controller, &ui::ReadingController::resultShown);
        uitest::answerNextMessageBox(QMessageBox::Yes);
        sex->setCurrentIndex(1);
        Q_EMIT sex->activated(1);
        QVERIFY(shown.wait(20000));
        QCOMPARE(rig.repo.caseById(id)->caseRecord.entered.sex, std::optional<Sex>(Sex::Male));
        QCOMPARE(rig.repo.caseById(id)->readCount, 1);  // the decision is not withdrawn silently
        bool decideAgain = false;
        for (const auto& args : said)
            decideAgain =
                decideAgain || args.at(0).toString().contains(QStringLiteral("Decide the case again"));
        QVERIFY(decideAgain);

        // The dates alone do not ask: they move the band, not the model.
        QString unexpected;
        QTimer guard;
        connect(&guard, &QTimer::timeout, &guard, [&unexpected] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                unexpected = box->text();
                box->reject();
            }
        });
        guard.start(10);
        rig.panel.findChild<QDateEdit*>(QStringLiteral("birthDateEntry"))->setDate(QDate(2016, 1, 10));
        rig.panel.findChild<QDateEdit*>(QStringLiteral("studyDateEntry"))->setDate(QDate(2024, 1, 10));
        QTest::mouseClick(rig.panel.findChild<QPushButton*>(QStringLiteral("saveDatesButton")),
                          Qt::LeftButton);
        guard.stop();
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected));
        QCOMPARE(rig.repo.caseById(id)->caseRecord.entered.birthDate, QDate(2016, 1, 10));
    }

    // Defect 7: without a reader name, the first decision asks for it; it goes into the decision.
    void firstDecision_withoutAReader_asksForTheName() {
        Rig rig(film("reader.sqlite"), m_months);
        rig.controller.setReaderName(QString());
        const qint64 id = import(rig, film("ada.dcm"));
        QVERIFY(openAndRead(rig, id));
        QSignalSpy chosen(&rig.controller, &ui::ReadingController::readerChosen);
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, timer, [timer] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setTextValue(QStringLiteral("Dr. Ada Reader"));
            dialog->accept();
            timer->stop();
        });
        timer->start(10);
        QTest::mouseClick(rig.panel.findChild<QPushButton*>(QStringLiteral("acceptButton")), Qt::LeftButton);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(rig.repo.caseById(id)->latestRead->reader, QStringLiteral("Dr. Ada Reader"));
    }

    void modelError_isAClearMessage_notACrash() {
        ui::CaseRepository repo(store::StoreConfig::sqlite(film("error.sqlite")), QStringLiteral("dr-test"));
        ui::InferenceService inference;  // the engine, on a package that does not exist
        inference.configure({m_dir.filePath(QStringLiteral("no-such-model")), QStringLiteral("cpu")});
        ui::FilmView view;
        ui::AssessmentPanel panel;
        ui::ReadingController controller(repo, inference, view, panel);
        const auto outcome = ui::CaseImporter::importNow({film("ada.dcm")});
        const qint64 id = repo.importCase(outcome.cases.front());
        QSignalSpy failed(&inference, &ui::InferenceService::failed);
        controller.openCase(id);
        QVERIFY(failed.wait(30000));
        auto* error = panel.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("Model error")), qPrintable(error->text()));
        QVERIFY(!repo.caseById(id)->latestPrediction);
    }
};

QTEST_MAIN(TestReadingController)
#include "TestReadingController.moc"
