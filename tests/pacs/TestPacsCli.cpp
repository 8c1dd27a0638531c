// `boneage pacs echo|find|get|move|store|listen` against a real Orthanc: the CLI contract (exit 0, exit 5
// with one sentence on any network failure, exit 2 on usage, find --json keys), and the listener reading a
// film Orthanc pushes (REST /modalities/{id}/store) into the case database while keeping a non-hand object
// unread.
#include "PacsTestSupport.h"
#include "TempOrthanc.h"

#include "store/CaseStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace boneage;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& arguments, int timeoutMs = 120000) {
    QProcess process;
    process.start(QStringLiteral(BONEAGE_CLI), arguments);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QByteArray readAll(const std::string& path) {
    QFile file(QString::fromStdString(path));
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

}  // namespace

class TestPacsCli : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<pacs::testing::TempOrthanc> m_orthanc;
    QTemporaryDir m_dir;
    const QString m_study = QStringLiteral("2.25.2000000000000000001");
    QString m_instanceId;  // Orthanc's id of the hand film

private Q_SLOTS:
    void initTestCase() {
        m_orthanc = std::make_unique<pacs::testing::TempOrthanc>();
        QTRY_VERIFY_WITH_TIMEOUT(m_orthanc->ready(), 60000);
        QVERIFY(m_orthanc->addModality("workstation", "BONEAGE", pacs::testing::freePort()));
        const auto film = pacs::testing::writeTestFilm(m_dir.path(), "hand.dcm", "Cli^Hand", "CLI-1",
                                                       "20240202", m_study.toStdString(), 1);
        const QJsonObject answer =
            QJsonDocument::fromJson(m_orthanc->post("/instances", readAll(film.path))).object();
        m_instanceId = answer.value("ID").toString();
        QVERIFY2(!m_instanceId.isEmpty(), qPrintable(m_orthanc->log()));
    }

    void cleanupTestCase() { m_orthanc.reset(); }

    void echo_ShouldExitZero() {
        const Run run = runCli({"pacs", "echo", "--peer", m_orthanc->peer(), "--timeout", "10"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("echo ok"), qPrintable(run.out));
    }

    void networkFailures_ShouldExitFiveWithOneSentence_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("cause");
        const QString closed = QString("ORTHANC@127.0.0.1:%1").arg(pacs::testing::freePort());
        QTest::newRow("closedPort_ShouldSayRefused")
            << QStringList{"echo", "--peer", closed} << "connection refused";
        QTest::newRow("wrongCalledAe_ShouldSayRejected")
            << QStringList{"find", "--peer", QString("WRONG@127.0.0.1:%1").arg(m_orthanc->dicomPort())}
            << "association rejected";
        QTest::newRow("getFromClosedPort_ShouldSayRefused")
            << QStringList{"get", "--peer", closed, "--study", "1.2.3", "--out", m_dir.filePath("never")}
            << "connection refused";
    }
    void networkFailures_ShouldExitFiveWithOneSentence() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, cause);
        const Run run = runCli(QStringList{"pacs"} + arguments + QStringList{"--timeout", "3"});
        QCOMPARE(run.exitCode, 5);
        const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains(cause) && lines[0].endsWith('.'), qPrintable(run.err));
    }

    void usageErrors_ShouldExitTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("noPeer_ShouldBeAUsageError") << QStringList{"echo"};
        QTest::newRow("malformedPeer_ShouldBeAUsageError") << QStringList{"echo", "--peer", "nohost"};
        QTest::newRow("unknownCommand_ShouldBeAUsageError") << QStringList{"ping"};
        QTest::newRow("getWithoutStudy_ShouldBeAUsageError")
            << QStringList{"get", "--peer", "A@h:1", "--out", "x"};
    }
    void usageErrors_ShouldExitTwo() {
        QFETCH(QStringList, arguments);
        QCOMPARE(runCli(QStringList{"pacs"} + arguments).exitCode, 2);
    }

    void findJson_ShouldGiveOneObjectPerStudyWithTheContractKeys() {
        const Run run =
            runCli({"pacs", "find", "--peer", m_orthanc->peer(), "--patient-name", "Cli*", "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray studies = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(studies.size(), 1);
        const QJsonObject s = studies[0].toObject();
        QCOMPARE(s.value("patient_id").toString(), QString("CLI-1"));
        QCOMPARE(s.value("patient_name").toString(), QString("Cli^Hand"));
        QCOMPARE(s.value("study_date").toString(), QString("20240202"));
        QCOMPARE(s.value("study_instance_uid").toString(), m_study);
        QVERIFY(s.contains("accession_number"));
        QCOMPARE(s.value("modalities").toArray(), QJsonArray{"CR"});
        QCOMPARE(s.value("number_of_instances").toInt(), 1);
    }

    void getAndMove_ShouldWriteTheStudysFilms() {
        const Run get = runCli(
            {"pacs", "get", "--peer", m_orthanc->peer(), "--study", m_study, "--out", m_dir.filePath("get")});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(QDir(m_dir.filePath("get")).entryList({"film-*.dcm"}, QDir::Files).size(), 1);
        const quint16 port = pacs::testing::freePort();
        QVERIFY(m_orthanc->addModality("cli-move", "BONEAGE-MOVE", port));
        const Run move =
            runCli({"pacs", "move", "--peer", m_orthanc->peer(), "--aet", "BONEAGE-MOVE", "--port",
                    QString::number(port), "--study", m_study, "--out", m_dir.filePath("move")});
        QVERIFY2(move.exitCode == 0, qPrintable(move.err));
        QCOMPARE(QDir(m_dir.filePath("move")).entryList({"film-*.dcm"}, QDir::Files).size(), 1);
    }

    void listen_ShouldReadAPushedHandFilmAndKeepOtherObjectsUnread() {
        const QString db = m_dir.filePath("cases.sqlite");
        QProcess listener;
        listener.start(QStringLiteral(BONEAGE_CLI),
                       {"pacs", "listen", "--port", "0", "--db", db, "--model",
                        BONEAGE_TEST_MODELS "/compact-random", "--timeout", "10"});
        QString output;
        const auto collect = [&] {
            output += QString::fromUtf8(listener.readAllStandardOutput());
            return output;
        };
        QTRY_VERIFY_WITH_TIMEOUT(collect().contains(" on port "), 120000);
        const QRegularExpressionMatch port = QRegularExpression(" on port (\\d+)").match(output);
        QVERIFY(port.hasMatch());
        QVERIFY(m_orthanc->addModality("listener", "BONEAGE", quint16(port.captured(1).toUInt())));

        // A chest film: kept, not read.
        imaging::DicomWriteOptions o;
        o.metadata.bodyPart = "CHEST";
        o.metadata.patientSex = "F";
        o.metadata.studyInstanceUid = "2.25.2000000000000000002";
        const std::string chest = m_dir.filePath("chest.dcm").toStdString();
        imaging::writeDicom(chest, 64, 64, pacs::testing::filmPixels(64, 64, 9), o);
        const QString chestId = QJsonDocument::fromJson(m_orthanc->post("/instances", readAll(chest)))
                                    .object()
                                    .value("ID")
                                    .toString();
        int status = 0;
        m_orthanc->post("/modalities/listener/store",
                        QJsonDocument(QJsonArray{m_instanceId, chestId}).toJson(), &status);
        QCOMPARE(status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(collect().count("received ") == 2, 60000);
        QVERIFY2(output.contains(QRegularExpression("received film-[^ ]+\\.dcm: read, case \\d+, bone age")),
                 qPrintable(output));
        QVERIFY2(output.contains("kept, not read (body part CHEST, not a hand)"), qPrintable(output));
        listener.terminate();
        QVERIFY(listener.waitForFinished(30000));
        QCOMPARE(listener.exitCode(), 0);

        store::CaseStore store(store::StoreConfig::sqlite(db), "test");
        const auto cases = store.listCases();
        QCOMPARE(cases.size(), std::size_t(1));
        QCOMPARE(cases[0].caseRecord.patientId, QString("CLI-1"));
        QVERIFY(cases[0].latestPrediction.has_value());
        QVERIFY(cases[0].caseRecord.sourcePath.contains("/received/film-"));
        int receipts = 0;
        for (const auto& entry : store.auditEntries())
            receipts += entry.action == "pacs_receive" ? 1 : 0;
        QCOMPARE(receipts, 2);
    }
};

QTEST_GUILESS_MAIN(TestPacsCli)
#include "TestPacsCli.moc"
