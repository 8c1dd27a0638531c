// Network faults, each ending within the timeout + 5 s with one sentence and no partial file: Orthanc
// stopped, a closed port, a wrong called AE title, a peer that accepts and never answers, a cancel, an
// association aborted mid-transfer, objects whose UIDs and names are built to escape the storage folder.
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

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

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
        DcmFileFormat ff;
        QVERIFY(ff.loadFile(film.path.c_str()).good());
        const OFString uid(sopInstanceUid.constData(), std::size_t(sopInstanceUid.size()));
        const OFString name(patientName.constData(), std::size_t(patientName.size()));
        QVERIFY(ff.getDataset()->putAndInsertOFStringArray(DCM_SOPInstanceUID, uid).good());
        QVERIFY(ff.getDataset()->putAndInsertOFStringArray(DCM_PatientName, name).good());
        QVERIFY(ff.getMetaInfo()->putAndInsertOFStringArray(DCM_MediaStorageSOPInstanceUID, uid).good());
        QVERIFY(ff.saveFile(film.path.c_str(), EXS_LittleEndianExplicit).good());
        clientFor(QString("BONEAGE@127.0.0.1:%1").arg(l->port())).store({film.path});
        QTRY_COMPARE(l->storedCount(), std::uint64_t(1));
        const QStringList stored = filesIn(folder);
        QCOMPARE(stored.size(), 1);
        QVERIFY2(stored[0].startsWith("film-") && stored[0].endsWith(".dcm"), qPrintable(stored[0]));
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"in"});
        QVERIFY(!QFileInfo::exists("/tmp/boneage-escaped"));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("escaped")));
    }
};

QTEST_GUILESS_MAIN(TestPacsFaults)
#include "TestPacsFaults.moc"
