// DicomWebClient against Orthanc's DICOMweb plugin: QIDO-RS search by name, id and date range, WADO-RS
// retrieve with the stored pixels, STOW-RS store found again; the same faults as DIMSE: a closed port, a
// silent server, a cancel.
#include "PacsTestSupport.h"
#include "TempOrthanc.h"

#include "imaging/FilmLoader.h"
#include "pacs/DicomWebClient.h"

#include "common/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <map>
#include <set>
#include <thread>

using namespace boneage;
using namespace boneage::pacs;

class TestDicomWebClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<testing::TempOrthanc> m_orthanc;
    QTemporaryDir m_dir;
    std::map<std::string, testing::TestFilm> m_films;
    const std::string m_studyA = "2.25.4000000000000000001", m_studyB = "2.25.4000000000000000002";

    DicomWebClient client(int timeout = 20) {
        return DicomWebClient(m_orthanc->dicomWebRoot().toStdString(), uniformTimeouts(timeout));
    }
    static std::set<std::string> uids(const std::vector<StudyRecord>& studies) {
        std::set<std::string> out;
        for (const auto& s : studies)
            out.insert(s.studyInstanceUid);
        return out;
    }
    static void expectFailure(const std::function<void()>& operation, const QString& cause, int limitMs) {
        QElapsedTimer timer;
        timer.start();
        try {
            operation();
            QFAIL("succeeded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Network);
            QVERIFY2(QString(e.what()).contains(cause), e.what());
        }
        QVERIFY2(timer.elapsed() < limitMs, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
    }

private Q_SLOTS:
    void initTestCase() {
        m_orthanc = std::make_unique<testing::TempOrthanc>();
        QTRY_VERIFY_WITH_TIMEOUT(m_orthanc->ready(), 60000);
        std::vector<std::string> paths;
        for (const auto& f :
             {testing::writeTestFilm(m_dir.path(), "a1.dcm", "Web^Anna", "WEB-A", "20240110", m_studyA, 1),
              testing::writeTestFilm(m_dir.path(), "a2.dcm", "Web^Anna", "WEB-A", "20240110", m_studyA, 2),
              testing::writeTestFilm(m_dir.path(), "b1.dcm", "Web^Bob", "WEB-B", "20240301", m_studyB, 3)}) {
            paths.push_back(f.path);
            m_films[f.meta.sopInstanceUid] = f;
        }
        client().store(paths);  // STOW-RS
    }
    void cleanupTestCase() { m_orthanc.reset(); }

    void search_ShouldMatchTheKeys() {
        StudyQuery byName;
        byName.patientName = "Web*";
        QCOMPARE(uids(client().searchStudies(byName)), (std::set<std::string>{m_studyA, m_studyB}));
        StudyQuery byId;
        byId.patientId = "WEB-B";
        QCOMPARE(uids(client().searchStudies(byId)), std::set<std::string>{m_studyB});
        StudyQuery byDate;
        byDate.studyDateFrom = "20240101";
        byDate.studyDateTo = "20240131";
        const auto january = client().searchStudies(byDate);
        QCOMPARE(uids(january), std::set<std::string>{m_studyA});
        QCOMPARE(january[0].patientName, std::string("Web^Anna"));
        QCOMPARE(january[0].numberOfInstances.value_or(-1), 2);
        StudyQuery none;
        none.patientName = "Nobody*";
        QVERIFY(client().searchStudies(none).empty());
    }

    void retrieve_ShouldBringEveryFilmWithItsPixels() {
        const QString out = m_dir.filePath("wado");
        const RetrieveResult result = client().retrieveStudy(m_studyA, out.toStdString());
        QCOMPARE(result.files.size(), std::size_t(2));
        for (const std::string& file : result.files) {
            struct stat info {};
            QCOMPARE(::stat(file.c_str(), &info), 0);
            QCOMPARE(int(info.st_mode & 0777), 0600);
            const imaging::Film film = imaging::loadFilm(file);
            const auto& original = m_films.at(film.meta.sopInstanceUid);
            for (std::size_t i = 0; i < film.pixels.size(); ++i)
                QCOMPARE(film.pixels[i], float(original.pixels[i]));
        }
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 2);
    }

    void retrieveOfAnUnknownStudy_ShouldFailWithASentenceAndNoFile() {
        const QString out = m_dir.filePath("wado-unknown");
        expectFailure([&] { client().retrieveStudy("2.25.999", out.toStdString()); }, "HTTP 404", 20000);
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    void closedPort_ShouldBeRefused() {
        DicomWebClient closed(QString("http://127.0.0.1:%1/dicom-web").arg(testing::freePort()).toStdString(),
                              uniformTimeouts(3));
        expectFailure([&] { closed.searchStudies({}); }, "connection refused", 8000);
    }

    void silentServer_ShouldTimeOut() {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        DicomWebClient client(QString("http://127.0.0.1:%1/dicom-web").arg(silent.serverPort()).toStdString(),
                              uniformTimeouts(3));
        expectFailure([&] { client.searchStudies({}); }, "no answer within 3 s", 8000);
    }

    void cancel_ShouldEndAWaitAtOnce() {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QSignalSpy connected(&silent, &QTcpServer::newConnection);
        auto cancel = std::make_shared<CancelToken>();
        std::string message;
        const std::string root =
            QString("http://127.0.0.1:%1/dicom-web").arg(silent.serverPort()).toStdString();
        std::thread worker([&] {
            try {
                DicomWebClient(root, uniformTimeouts(60), cancel).searchStudies({});
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
};

QTEST_GUILESS_MAIN(TestDicomWebClient)
#include "TestDicomWebClient.moc"
