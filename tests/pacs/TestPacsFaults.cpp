// Network faults, each ending within the timeout + 5 s with one sentence and no partial file: Orthanc
// stopped, a closed port, a wrong called AE title, a peer that accepts and never answers, a cancel, an
// association aborted mid-transfer (to the listener, and in the middle of a C-GET: an A-ABORT, a dropped
// connection, Orthanc killed), objects whose UIDs and names are built to escape the storage folder (pushed to
// the listener, and sent as C-GET sub-operations).
#include "FakeGetPeer.h"
#include "PacsTestSupport.h"
#include "TempOrthanc.h"

#include "pacs/DicomClient.h"
#include "pacs/StorageListener.h"

#include "common/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace boneage;
using namespace boneage::pacs;

namespace {

constexpr int kTimeout = 3;

DicomClient clientFor(const QString& peer, std::shared_ptr<CancelToken> cancel = nullptr) {
    ClientOptions options;
    options.callingAeTitle = "BONEAGE";
    options.timeouts = uniformTimeouts(kTimeout);
    return DicomClient(parsePeer(peer.toStdString()), options, std::move(cancel));
}

/// Runs `operation`, expects Error(Network) containing `cause` within kTimeout + 5 s.
void expectNetworkFailure(const std::function<void()>& operation, const QString& cause) {
    QElapsedTimer timer;
    timer.start();
    try {
        operation();
        QFAIL("the operation succeeded");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Network);
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.contains(cause), qPrintable(message));
        QVERIFY2(!message.contains('\n') && message.endsWith('.'), qPrintable(message));
        qInfo("%s", qPrintable(message));
    }
    QVERIFY2(timer.elapsed() < (kTimeout + 5) * 1000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
}

QStringList filesIn(const QString& dir) {
    return QDir(dir).entryList(QDir::Files | QDir::Hidden);
}

}  // namespace

class TestPacsFaults : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<StorageListener> listener(const QString& folder, std::uint64_t maxBytes = std::uint64_t(1)
                                                                                              << 30) {
        ListenerOptions options;
        options.aeTitle = "BONEAGE";
        options.port = 0;
        options.storageDirectory = folder.toStdString();
        options.timeouts = uniformTimeouts(kTimeout);
        options.maxObjectBytes = maxBytes;
        auto l = std::make_unique<StorageListener>(options, nullptr);
        l->start();
        return l;
    }

private Q_SLOTS:
    void orthancStopped_ShouldBeRefused() {
        testing::TempOrthanc orthanc;
        QTRY_VERIFY_WITH_TIMEOUT(orthanc.ready(), 60000);
        clientFor(orthanc.peer()).echo();
        orthanc.stop();
        expectNetworkFailure([&] { clientFor(orthanc.peer()).echo(); }, "connection refused");
    }

    void closedPort_ShouldBeRefused() {
        const QString peer = QString("ORTHANC@127.0.0.1:%1").arg(testing::freePort());
        expectNetworkFailure([&] { clientFor(peer).findStudies({}); }, "connection refused");
    }

    void wrongCalledAeTitle_ShouldBeRejected() {
        testing::TempOrthanc orthanc;
        QTRY_VERIFY_WITH_TIMEOUT(orthanc.ready(), 60000);
        const QString peer = QString("NOT-ORTHANC@127.0.0.1:%1").arg(orthanc.dicomPort());
        expectNetworkFailure([&] { clientFor(peer).echo(); }, "association rejected");
    }

    void listenerWithWrongCalledAeTitle_ShouldReject() {
        auto l = listener(m_dir.filePath("wrong-ae"));
        const QString peer = QString("SOMEONE-ELSE@127.0.0.1:%1").arg(l->port());
        expectNetworkFailure([&] { clientFor(peer).echo(); }, "association rejected");
        clientFor(QString("BONEAGE@127.0.0.1:%1").arg(l->port())).echo();  // its own title still works
    }

    void silentPeer_ShouldTimeOut() {
        QTcpServer silent;  // accepts (the kernel completes the handshake) and never says a word
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const QString peer = QString("SILENT@127.0.0.1:%1").arg(silent.serverPort());
        expectNetworkFailure([&] { clientFor(peer).echo(); }, QString("no answer within %1 s").arg(kTimeout));
    }

    void cancel_ShouldEndAWaitAtOnce() {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QSignalSpy connected(&silent, &QTcpServer::newConnection);
        auto cancel = std::make_shared<CancelToken>();
        const QString peer = QString("SILENT@127.0.0.1:%1").arg(silent.serverPort());
        std::string message;
        ClientOptions options;
        options.timeouts = uniformTimeouts(60);  // far longer than the test may take
        std::thread worker([&] {
            try {
                DicomClient(parsePeer(peer.toStdString()), options, cancel).findStudies({});
            } catch (const Error& e) {
                message = e.what();
            }
        });
        QVERIFY(connected.wait(10000));
        QElapsedTimer timer;
        timer.start();
        cancel->cancel();
        worker.join();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
        QVERIFY2(QString::fromStdString(message).endsWith("cancelled."), message.c_str());
    }

    void oversizedObject_ShouldAbortMidTransferAndLeaveNoFile() {
        const QString folder = m_dir.filePath("small");
        auto l = listener(folder, 8 * 1024);
        const QString films = m_dir.filePath("films");
        QDir().mkpath(films);
        const auto big =
            testing::writeTestFilm(films, "big.dcm", "Big^Film", "BIG", "20240101", "2.25.77", 1);
        const QString peer = QString("BONEAGE@127.0.0.1:%1").arg(l->port());
        expectNetworkFailure([&] { clientFor(peer).store({big.path}); }, "");
        QTRY_COMPARE(filesIn(folder), QStringList{});
        QCOMPARE(l->storedCount(), std::uint64_t(0));
        clientFor(peer).echo();  // and it goes on serving
    }

    void hostileUidsAndNames_ShouldStayInsideTheFolder_data() {
        QTest::addColumn<QByteArray>("sopInstanceUid");
        QTest::addColumn<QByteArray>("patientName");
        QTest::newRow("dotDotSlash_ShouldStayInside")
            << QByteArray("../../../../escaped") << QByteArray("../../x");
        QTest::newRow("absolutePath_ShouldStayInside")
            << QByteArray("/tmp/boneage-escaped") << QByteArray("/etc/passwd");
        QTest::newRow("embeddedNul_ShouldStayInside")
            << QByteArray("1.2.3\0/../../escaped", 21) << QByteArray("Doe\0../x", 8);
    }
    void hostileUidsAndNames_ShouldStayInsideTheFolder() {
        QFETCH(QByteArray, sopInstanceUid);
        QFETCH(QByteArray, patientName);
        const QString root = m_dir.filePath(QString("hostile-%1").arg(QTest::currentDataTag()));
        const QString folder = root + "/in";
        auto l = listener(folder);
        const QString films = m_dir.filePath("films");
        QDir().mkpath(films);
        const auto film =
            testing::writeTestFilm(films, "hostile.dcm", "Doe^J", "HOSTILE", "20240101", "2.25.88", 1);
        QVERIFY(testing::rewriteIdentity(film.path, sopInstanceUid, patientName));
        clientFor(QString("BONEAGE@127.0.0.1:%1").arg(l->port())).store({film.path});
        QTRY_COMPARE(l->storedCount(), std::uint64_t(1));
        const QStringList stored = filesIn(folder);
        QCOMPARE(stored.size(), 1);
        QVERIFY2(stored[0].startsWith("film-") && stored[0].endsWith(".dcm"), qPrintable(stored[0]));
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"in"});
        QVERIFY(!QFileInfo::exists("/tmp/boneage-escaped"));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("escaped")));
    }

    void cGetAbortedMidObject_ShouldLeaveNoFile_data() {
        QTest::addColumn<int>("ending");
        QTest::addColumn<QString>("cause");
        QTest::newRow("abortPdu_ShouldLeaveNothing")
            << int(testing::FakeGetPeer::Ending::AbortMidObject) << QString("aborted");
        QTest::newRow("droppedConnection_ShouldLeaveNothing")
            << int(testing::FakeGetPeer::Ending::DropMidObject) << QString("");
    }
    void cGetAbortedMidObject_ShouldLeaveNoFile() {
        QFETCH(int, ending);
        QFETCH(QString, cause);
        const QString films = m_dir.filePath(QString("cut-films-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(films);
        const std::string study = "2.25.4242";
        std::vector<testing::FakeGetPeer::SubOperation> subOperations;
        for (int i = 1; i <= 3; ++i)  // two whole objects first: they must go too
            subOperations.push_back(
                {testing::writeLargeFilm(films, "f" + std::to_string(i) + ".dcm", study, i), ""});
        testing::FakeGetPeer peer(subOperations, testing::FakeGetPeer::Ending(ending));
        const QString out = m_dir.filePath(QString("cut-out-%1").arg(QTest::currentDataTag()));
        int progressCalls = 0;
        expectNetworkFailure(
            [&] {
                clientFor(peer.peer()).getStudy(study, out.toStdString(), [&](const RetrieveProgress&) {
                    ++progressCalls;
                });
            },
            cause);
        QCOMPARE(peer.waitForGet(), 2);  // the cut came after two whole objects had been received and written
        QCOMPARE(filesIn(out), QStringList{});  // neither those two, nor the cut one's temporary file
    }

    void cGetWithHostileUids_ShouldStayInsideTheFolder_data() {
        QTest::addColumn<QByteArray>("commandUid");
        QTest::addColumn<QByteArray>("sopInstanceUid");
        QTest::addColumn<QByteArray>("patientName");
        QTest::newRow("dotDotSlash_ShouldStayInside")
            << QByteArray("../../../../escaped-get") << QByteArray("../../../../escaped-get")
            << QByteArray("../../x");
        QTest::newRow("absolutePath_ShouldStayInside")
            << QByteArray("/tmp/boneage-escaped-get") << QByteArray("/tmp/boneage-escaped-get")
            << QByteArray("/etc/passwd");
        QTest::newRow("embeddedNul_ShouldStayInside")
            << QByteArray("1.2.3/../../escaped-get")
            << QByteArray("1.2.3\0/../../escaped-get", sizeof("1.2.3\0/../../escaped-get") - 1)
            << QByteArray("Doe\0../x", 8);
    }
    void cGetWithHostileUids_ShouldStayInsideTheFolder() {
        QFETCH(QByteArray, commandUid);
        QFETCH(QByteArray, sopInstanceUid);
        QFETCH(QByteArray, patientName);
        const QString films = m_dir.filePath(QString("hostile-get-films-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(films);
        const auto film =
            testing::writeTestFilm(films, "hostile.dcm", "Doe^J", "HOSTILE", "20240101", "2.25.99", 1);
        QVERIFY(testing::rewriteIdentity(film.path, sopInstanceUid, patientName));
        testing::FakeGetPeer peer({{film.path, commandUid.toStdString()}},
                                  testing::FakeGetPeer::Ending::Complete);
        const QString root = m_dir.filePath(QString("hostile-get-%1").arg(QTest::currentDataTag()));
        const QString out = root + "/in";
        const RetrieveResult result = clientFor(peer.peer()).getStudy("2.25.99", out.toStdString());
        QCOMPARE(peer.waitForGet(), 1);
        QCOMPARE(result.files.size(), std::size_t(1));
        const QStringList stored = filesIn(out);
        QCOMPARE(stored.size(), 1);
        QVERIFY2(stored[0].startsWith("film-") && stored[0].endsWith(".dcm"), qPrintable(stored[0]));
        QCOMPARE(QFileInfo(QString::fromStdString(result.files[0])).absoluteFilePath(),
                 QDir(out).absoluteFilePath(stored[0]));
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"in"});
        QVERIFY(!QFileInfo::exists("/tmp/boneage-escaped-get"));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("escaped-get")));
        QVERIFY(!QFileInfo::exists(QDir(root).absoluteFilePath("../escaped-get")));
    }

    void orthancKilledMidCGet_ShouldLeaveNoFile() {
        testing::TempOrthanc orthanc;
        QTRY_VERIFY_WITH_TIMEOUT(orthanc.ready(), 60000);
        QVERIFY(orthanc.addModality("workstation", "BONEAGE", testing::freePort()));  // it answers a C-GET
        const QString films = m_dir.filePath("killed-films");
        QDir().mkpath(films);
        const std::string study = "2.25.5151";
        std::vector<std::string> paths;
        for (int i = 1; i <= 8; ++i)
            paths.push_back(testing::writeLargeFilm(films, "k" + std::to_string(i) + ".dcm", study, i));
        clientFor(orthanc.peer()).store(paths);
        const QString out = m_dir.filePath("killed-out");
        int completedWhenKilled = -1;
        expectNetworkFailure(
            [&] {
                clientFor(orthanc.peer()).getStudy(study, out.toStdString(), [&](const RetrieveProgress& p) {
                    if (completedWhenKilled < 0 && p.completed >= 1) {
                        completedWhenKilled = p.completed;
                        orthanc.kill();  // with objects already written and more to come
                    }
                });
            },
            "");
        QVERIFY2(completedWhenKilled >= 1 && completedWhenKilled < 8,
                 qPrintable(QString::number(completedWhenKilled)));
        QCOMPARE(filesIn(out), QStringList{});
    }
};

QTEST_GUILESS_MAIN(TestPacsFaults)
#include "TestPacsFaults.moc"
