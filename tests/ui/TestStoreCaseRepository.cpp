// StoreCaseRepository over a real SQLite case database: cases, predictions and decisions survive reopening,
// and every view, prediction and decision writes an audit row.
#include <QTemporaryDir>
#include <QtTest>

#include "store/CaseStore.h"
#include "ui/StoreCaseRepository.h"

using namespace boneage;

class TestStoreCaseRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everything_survivesReopen_andIsAudited() {
        QTemporaryDir dir;
        const auto config = store::StoreConfig::sqlite(dir.filePath(QStringLiteral("cases.sqlite")));
        qint64 id = 0;
        {
            ui::StoreCaseRepository repo(config, QStringLiteral("dr-test"));
            ui::CaseEntry e;
            e.sourcePath = QStringLiteral("/films/a.dcm");
            e.sopInstanceUid = QStringLiteral("1.2.826.0.1.1");
            e.patientId = QStringLiteral("P1");
            e.sex = QStringLiteral("F");
            e.birthDate = QDate(2014, 1, 1);
            e.studyDate = QDate(2024, 3, 1);
            id = repo.addCase(e);
            repo.recordView(id);
            ui::ModelRead read;
            read.boneAgeMonths = 118.5;
            read.verdict = QStringLiteral("normal");
            read.modelName = QStringLiteral("m");
            read.modelVersion = QStringLiteral("1");
            read.modelSha256 = QString(64, QLatin1Char('a'));
            read.device = QStringLiteral("cpu");
            repo.recordPrediction(id, read);
            repo.recordDecision(
                id, {ui::ReaderDecision::Kind::Override, 126.0, QString(), QStringLiteral("carpals")});
        }
        ui::StoreCaseRepository reopened(config, QStringLiteral("dr-test"));
        const auto c = reopened.caseById(id);
        QVERIFY(c);
        QCOMPARE(c->status(), ui::CaseStatus::Overridden);
        QCOMPARE(c->modelRead->boneAgeMonths, 118.5);
        QCOMPARE(c->decision->reason, QStringLiteral("carpals"));
        QCOMPARE(c->decision->reader, QStringLiteral("dr-test"));
        QVERIFY(c->chronologicalAgeMonths && std::abs(*c->chronologicalAgeMonths - 122.0) < 0.01);
        QStringList actions;
        for (const auto& a : reopened.store().auditEntries(id))
            actions << a.action;
        QVERIFY2(actions.contains("view") && actions.contains("predict") && actions.contains("override"),
                 qPrintable(actions.join(',')));
        QVERIFY(reopened.store().verifyAudit().ok);
    }
};

QTEST_GUILESS_MAIN(TestStoreCaseRepository)
#include "TestStoreCaseRepository.moc"
