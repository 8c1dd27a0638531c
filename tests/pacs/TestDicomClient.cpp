// DicomClient against a real Orthanc started by the test: C-STORE loads the films, then echo, C-FIND by
// patient name (wildcards), id and date range, C-GET and C-MOVE (to this workstation's own StorageListener)
// bring back the stored pixels, and a film sent later is found again.
#include "PacsTestSupport.h"
#include "TempOrthanc.h"

#include "imaging/FilmLoader.h"
#include "pacs/DicomClient.h"
#include "pacs/StorageListener.h"

#include "common/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <map>
#include <set>

using namespace boneage;
using namespace boneage::pacs;
using testing::TestFilm;

namespace {

const char* const kStudyA = "2.25.1000000000000000001";
const char* const kStudyB = "2.25.1000000000000000002";
const char* const kStudyC = "2.25.1000000000000000003";

std::set<std::string> uidsOf(const std::vector<StudyRecord>& studies) {
    std::set<std::string> uids;
    for (const auto& s : studies)
        uids.insert(s.studyInstanceUid);
    return uids;
}

}  // namespace

class TestDicomClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<testing::TempOrthanc> m_orthanc;
    QTemporaryDir m_dir;
    std::map<std::string, TestFilm> m_films;  // by SOP instance UID
    std::unique_ptr<StorageListener> m_listener;

    DicomClient client(int timeout = 20) {
        ClientOptions options;
        options.callingAeTitle = "BONEAGE";
        options.timeouts = uniformTimeouts(timeout);
        return DicomClient(parsePeer(m_orthanc->peer().toStdString()), options);
    }

    void expectSamePixels(const std::vector<std::string>& files) {
        for (const std::string& file : files) {
            QVERIFY2(QFileInfo(QString::fromStdString(file)).fileName().startsWith("film-"), file.c_str());
            struct stat info {};
            QCOMPARE(::stat(file.c_str(), &info), 0);
            QCOMPARE(int(info.st_mode & 0777), 0600);
            const imaging::Film film = imaging::loadFilm(file);
            const auto original = m_films.find(film.meta.sopInstanceUid);
            QVERIFY2(original != m_films.end(), film.meta.sopInstanceUid.c_str());
            QCOMPARE(film.width, original->second.width);
            QCOMPARE(film.height, original->second.height);
            for (std::size_t i = 0; i < film.pixels.size(); ++i)
                QCOMPARE(film.pixels[i], float(original->second.pixels[i]));
        }
    }

private Q_SLOTS:
    void initTestCase() {
        m_orthanc = std::make_unique<testing::TempOrthanc>();
        QTRY_VERIFY_WITH_TIMEOUT(m_orthanc->ready(), 60000);
        ListenerOptions options;
        options.aeTitle = "BONEAGE";
        options.port = 0;
        options.storageDirectory = m_dir.filePath("moved").toStdString();
        options.timeouts = uniformTimeouts(20);
        m_listener = std::make_unique<StorageListener>(options, nullptr);
        m_listener->start();
        QVERIFY(m_orthanc->addModality("workstation", "BONEAGE", m_listener->port()));

        const QString films = m_dir.filePath("films");
        QDir().mkpath(films);
        std::vector<TestFilm> written{
            testing::writeTestFilm(films, "a1.dcm", "Smith^Anna", "PAT-A", "20240110", kStudyA, 1, "ACC-A1"),
            testing::writeTestFilm(films, "a2.dcm", "Smith^Anna", "PAT-A", "20240110", kStudyA, 2, "ACC-A1"),
            testing::writeTestFilm(films, "b1.dcm", "Smith^Bob", "PAT-B", "20240301", kStudyB, 3, "ACC-B7"),
            testing::writeTestFilm(films, "c1.dcm", "Jones^Carl", "PAT-C", "20231220", kStudyC, 4, "ACC-C3",
                                   "DX")};
        std::vector<std::string> paths;
        for (auto& f : written) {
            paths.push_back(f.path);
            m_films[f.meta.sopInstanceUid] = f;
        }
        client().store(paths);
    }

    void cleanupTestCase() {
        m_listener.reset();
        m_orthanc.reset();
    }

    void echo_ShouldSucceed() { client().echo(); }

    void findStudies_ShouldMatchTheKeys_data() {
        QTest::addColumn<QString>("patientName");
        QTest::addColumn<QString>("patientId");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("accession");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("nameWildcard_ShouldFindBothSmiths") << "Smith*"
                                                           << ""
                                                           << ""
                                                           << ""
                                                           << ""
                                                           << "" << QStringList{kStudyA, kStudyB};
        QTest::newRow("exactName_ShouldFindJones") << "Jones^Carl"
                                                   << ""
                                                   << ""
                                                   << ""
                                                   << ""
                                                   << "" << QStringList{kStudyC};
        QTest::newRow("questionMarkWildcard_ShouldFindBob") << "Smith^B?b"
                                                            << ""
                                                            << ""
                                                            << ""
                                                            << ""
                                                            << "" << QStringList{kStudyB};
        QTest::newRow("patientId_ShouldFindB") << ""
                                               << "PAT-B"
                                               << ""
                                               << ""
                                               << ""
                                               << "" << QStringList{kStudyB};
        QTest::newRow("dateRange_ShouldFindJanuary") << ""
                                                     << ""
                                                     << "20240101"
                                                     << "20240228"
                                                     << ""
                                                     << "" << QStringList{kStudyA};
        QTest::newRow("openEndedFrom_ShouldFind2024") << ""
                                                      << ""
                                                      << "20240101"
                                                      << ""
                                                      << ""
                                                      << "" << QStringList{kStudyA, kStudyB};
        QTest::newRow("openEndedTo_ShouldFind2023") << ""
                                                    << ""
                                                    << ""
                                                    << "20231231"
                                                    << ""
                                                    << "" << QStringList{kStudyC};
        QTest::newRow("noMatch_ShouldFindNothing") << "Nobody*"
                                                   << ""
                                                   << ""
                                                   << ""
                                                   << ""
                                                   << "" << QStringList{};
        QTest::newRow("modality_ShouldFindTheDxStudy") << ""
                                                       << ""
                                                       << ""
                                                       << ""
                                                       << "DX"
                                                       << "" << QStringList{kStudyC};
        QTest::newRow("accession_ShouldFindBobsStudy") << ""
                                                       << ""
                                                       << ""
                                                       << ""
                                                       << ""
                                                       << "ACC-B7" << QStringList{kStudyB};
        QTest::newRow("modalityAndName_ShouldFindNothing") << "Smith*"
                                                           << ""
                                                           << ""
                                                           << ""
                                                           << "DX"
                                                           << "" << QStringList{};
    }
    void findStudies_ShouldMatchTheKeys() {
        QFETCH(QString, patientName);
        QFETCH(QString, patientId);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, modality);
        QFETCH(QString, accession);
        QFETCH(QStringList, expected);
        StudyQuery query;
        query.modality = modality.toStdString();
        query.accessionNumber = accession.toStdString();
        query.patientName = patientName.toStdString();
        query.patientId = patientId.toStdString();
        query.studyDateFrom = from.toStdString();
        query.studyDateTo = to.toStdString();
        std::set<std::string> want;
        for (const QString& uid : expected)
            want.insert(uid.toStdString());
        QCOMPARE(uidsOf(client().findStudies(query)), want);
    }

    void findStudies_ShouldDescribeTheStudy() {
        StudyQuery query;
        query.patientId = "PAT-A";
        const auto studies = client().findStudies(query);
        QCOMPARE(studies.size(), std::size_t(1));
        QCOMPARE(studies[0].patientName, std::string("Smith^Anna"));
        QCOMPARE(studies[0].studyDate, std::string("20240110"));
        QCOMPARE(studies[0].numberOfInstances.value_or(-1), 2);
        QCOMPARE(studies[0].modalities, std::vector<std::string>{"CR"});
    }

    void findSeries_ShouldListTheStudysSeries() {
        const auto series = client().findSeries(kStudyA);
        QCOMPARE(series.size(), std::size_t(1));
        QCOMPARE(series[0].seriesInstanceUid, std::string(kStudyA) + ".1");
        QCOMPARE(series[0].modality, std::string("CR"));
        QCOMPARE(series[0].numberOfInstances.value_or(-1), 2);
    }

    void getStudy_ShouldBringEveryFilmWithItsPixels() {
        const QString out = m_dir.filePath("get");
        int progressCalls = 0;
        const RetrieveResult result =
            client().getStudy(kStudyA, out.toStdString(), [&](const RetrieveProgress&) { ++progressCalls; });
        QCOMPARE(result.files.size(), std::size_t(2));
        QCOMPARE(result.final.failed, 0);
        QVERIFY(progressCalls >= 1);
        expectSamePixels(result.files);
        struct stat info {};
        QCOMPARE(::stat(out.toStdString().c_str(), &info), 0);
        QCOMPARE(int(info.st_mode & 0777), 0700);
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 2);  // no temporary file left
    }

    void moveStudy_ShouldDeliverToTheWorkstationsListener() {
        const std::uint64_t before = m_listener->storedCount();
        const RetrieveProgress progress = client().moveStudy(kStudyA, "BONEAGE");
        QCOMPARE(progress.failed, 0);
        QTRY_COMPARE(m_listener->storedCount(), before + 2);
        std::vector<std::string> files;
        for (const QString& name : QDir(m_dir.filePath("moved")).entryList({"film-*.dcm"}, QDir::Files))
            files.push_back(m_dir.filePath("moved/" + name).toStdString());
        QCOMPARE(files.size(), std::size_t(2));
        expectSamePixels(files);
    }

    void moveToAnUnknownDestination_ShouldFailWithASentence() {
        try {
            client().moveStudy(kStudyA, "NOBODY");
            QFAIL("a move to an unknown destination succeeded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Network);
            // Orthanc answers 0xC000; a PACS that uses 0xA801 gets "does not know the move destination".
            QVERIFY2(QString(e.what()).contains("C-MOVE ended with status"), e.what());
        }
    }

    void store_ShouldSendAFilmThatIsFoundAgain() {
        const QString films = m_dir.filePath("films");
        const TestFilm film = testing::writeTestFilm(films, "d1.dcm", "Doe^Dana", "PAT-D", "20240505",
                                                     "2.25.1000000000000000004", 5);
        client().store({film.path});
        StudyQuery query;
        query.patientId = "PAT-D";
        QCOMPARE(uidsOf(client().findStudies(query)), std::set<std::string>{"2.25.1000000000000000004"});
    }
};

QTEST_GUILESS_MAIN(TestDicomClient)
#include "TestDicomClient.moc"
