// InMemoryCaseRepository: upsert by SOP UID (else path), reads kept on re-import, status follows decisions.
#include <QSignalSpy>
#include <QtTest>

#include "ui/InMemoryCaseRepository.h"

using namespace boneage::ui;

class TestInMemoryCaseRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void addCase_sameSopUid_updatesInsteadOfDuplicating() {
        InMemoryCaseRepository repo;
        CaseEntry e;
        e.sourcePath = QStringLiteral("/a.dcm");
        e.sopInstanceUid = QStringLiteral("1.2.3");
        const qint64 id = repo.addCase(e);
        e.sourcePath = QStringLiteral("/copy/a.dcm");
        QCOMPARE(repo.addCase(e), id);
        QCOMPARE(repo.cases().size(), std::size_t(1));
    }
    void status_followsPredictionAndDecision() {
        InMemoryCaseRepository repo;
        CaseEntry e;
        e.sourcePath = QStringLiteral("/b.png");
        const qint64 id = repo.addCase(e);
        QCOMPARE(repo.caseById(id)->status(), CaseStatus::New);
        QSignalSpy changed(&repo, &CaseRepository::caseChanged);
        repo.recordPrediction(id, ModelRead{120.0, 10.0, 0.5, QStringLiteral("normal"), {}, {}, {}, {}});
        QCOMPARE(repo.caseById(id)->status(), CaseStatus::Predicted);
        repo.recordDecision(id,
                            ReaderDecision{ReaderDecision::Kind::Override, 130.0, {}, QStringLiteral("why")});
        QCOMPARE(repo.caseById(id)->status(), CaseStatus::Overridden);
        QCOMPARE(*repo.caseById(id)->readerBoneAgeMonths(), 130.0);
        QCOMPARE(changed.count(), 2);
        // Re-importing the same file keeps what was decided.
        repo.addCase(e);
        QCOMPARE(repo.caseById(id)->status(), CaseStatus::Overridden);
    }
    void recordView_counts_unknownCase_throws() {
        InMemoryCaseRepository repo;
        CaseEntry e;
        e.sourcePath = QStringLiteral("/c.png");
        const qint64 id = repo.addCase(e);
        repo.recordView(id);
        repo.recordView(id);
        QCOMPARE(repo.viewCount(id), 2);
        QVERIFY_THROWS_EXCEPTION(std::exception, repo.recordView(999));
    }
};

QTEST_GUILESS_MAIN(TestInMemoryCaseRepository)
#include "TestInMemoryCaseRepository.moc"
