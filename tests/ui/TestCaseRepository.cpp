// CaseRepository over a real SQLite case database: cases, entered facts, predictions and decisions survive
// reopening; every view, entry, prediction and decision writes an audit row; the reader set at the
// workstation is the audit actor from then on; an import never overwrites what a reader entered.
#include <QTemporaryDir>
#include <QtTest>

#include "assessment/CaseReading.h"
#include "store/CaseStore.h"
#include "ui/CaseRepository.h"

using namespace boneage;

class TestCaseRepository : public QObject {
    Q_OBJECT

    static store::CaseRecord pngCase() {
        store::CaseRecord c;
        c.sourcePath = QStringLiteral("/films/a.png");
        return c;
    }

private Q_SLOTS:
    void everything_survivesReopen_andIsAudited() {
        QTemporaryDir dir;
        const auto config = store::StoreConfig::sqlite(dir.filePath(QStringLiteral("cases.sqlite")));
        qint64 id = 0;
        {
            ui::CaseRepository repo(config, QStringLiteral("workstation-account"));
            QSignalSpy changed(&repo, &ui::CaseRepository::caseChanged);
            id = repo.importCase(pngCase());
            repo.recordView(id);
            repo.setEnteredFacts(id, {Sex::Female, QDate(2014, 1, 1), QDate(2024, 3, 1)});
            repo.setReader(QStringLiteral("Dr. Test"));
            store::PredictionRecord p;
            p.caseId = id;
            p.boneAgeMonths = 118.5;
            p.modelName = QStringLiteral("m");
            p.modelVersion = QStringLiteral("1");
            p.modelSha256 = QString(64, QLatin1Char('a'));
            p.device = QStringLiteral("cpu");
            const qint64 predictionId = repo.recordPrediction(p);
            store::ReadRecord read;
            read.caseId = id;
            read.predictionId = predictionId;
            read.kind = store::ReadRecord::Kind::Override;
            read.valueMonths = 126.0;
            read.reason = QStringLiteral("carpals");
            repo.recordDecision(assessment::placeDecision(repo.caseById(id)->caseRecord, read));
            QCOMPARE(changed.count(), 4);  // import, entry, prediction, decision
        }
        ui::CaseRepository reopened(config, QStringLiteral("workstation-account"));
        const auto c = reopened.caseById(id);
        QVERIFY(c);
        const assessment::CaseReading reading = assessment::readCase(*c);
        QCOMPARE(reading.status, assessment::CaseStatus::Overridden);
        QCOMPARE(c->latestPrediction->boneAgeMonths, 118.5);
        QCOMPARE(c->latestRead->reason, QStringLiteral("carpals"));
        QCOMPARE(c->latestRead->reader, QStringLiteral("Dr. Test"));
        QCOMPARE(c->latestRead->verdict, reading.reader->verdict);
        QVERIFY(reading.patient.chronologicalAgeMonths &&
                std::abs(*reading.patient.chronologicalAgeMonths - 122.0) < 0.01);
        QStringList actions, actors;
        for (const auto& a : reopened.store().auditEntries(id)) {
            actions << a.action;
            actors << a.actor;
        }
        QVERIFY2(actions.contains("view") && actions.contains("predict") && actions.contains("override") &&
                     actions.contains("case_update"),
                 qPrintable(actions.join(',')));
        // The view was the account's; everything after the reader signed in is the reader's.
        QCOMPARE(actors.first(), QStringLiteral("workstation-account"));
        QCOMPARE(actors.last(), QStringLiteral("Dr. Test"));
        QVERIFY(reopened.store().verifyAudit().ok);
    }

    void reimport_keepsWhatTheReaderEntered() {
        QTemporaryDir dir;
        ui::CaseRepository repo(store::StoreConfig::sqlite(dir.filePath(QStringLiteral("cases.sqlite"))),
                                QStringLiteral("dr"));
        const qint64 id = repo.importCase(pngCase());
        repo.setEnteredFacts(id, {Sex::Male, QDate(2015, 2, 3), {}});
        QCOMPARE(repo.importCase(pngCase()), id);
        const auto c = repo.caseById(id);
        QCOMPARE(c->caseRecord.entered.sex, std::optional<Sex>(Sex::Male));
        QCOMPARE(c->caseRecord.entered.birthDate, QDate(2015, 2, 3));
        QVERIFY(!c->caseRecord.film.sex);
    }
};

QTEST_GUILESS_MAIN(TestCaseRepository)
#include "TestCaseRepository.moc"
