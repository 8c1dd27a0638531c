// Prints the time to retrieve a 20-film study from a real Orthanc by C-GET, by C-MOVE (to this workstation's
// own StorageListener) and by WADO-RS: a benchmark, not a test (run by hand: boneage_pacs_retrieve_bench).
#include "PacsTestSupport.h"
#include "TempOrthanc.h"

#include "pacs/DicomClient.h"
#include "pacs/DicomWebClient.h"
#include "pacs/StorageListener.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace boneage;
using namespace boneage::pacs;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const int films = 20, width = 2048, height = 2500, runs = 3;
    testing::TempOrthanc orthanc;
    QDeadlineTimer deadline(60000);
    while (!orthanc.ready() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
    if (!orthanc.ready()) {
        std::fprintf(stderr, "Orthanc did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    const std::string study = "2.25.3000000000000000001";
    std::uint64_t bytes = 0;
    for (int i = 0; i < films; ++i) {
        testing::TestFilm f;
        f.path = dir.filePath(QString("f%1.dcm").arg(i)).toStdString();
        imaging::DicomWriteOptions o;
        o.metadata.patientId = "BENCH";
        o.metadata.studyInstanceUid = study;
        o.metadata.seriesInstanceUid = study + ".1";
        o.metadata.sopInstanceUid = study + ".1." + std::to_string(i + 1);
        imaging::writeDicom(f.path, width, height, testing::filmPixels(width, height, unsigned(i)), o);
        QFile file(QString::fromStdString(f.path));
        file.open(QIODevice::ReadOnly);
        const QByteArray data = file.readAll();
        bytes += std::uint64_t(data.size());
        orthanc.post("/instances", data);
    }
    ListenerOptions lo;
    lo.port = 0;
    lo.storageDirectory = dir.filePath("moved").toStdString();
    StorageListener listener(lo, nullptr);
    listener.start();
    orthanc.addModality("bench", "BONEAGE", listener.port());
    ClientOptions co;
    const Peer peer = parsePeer(orthanc.peer().toStdString());
    std::vector<double> get, move, wado;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        const RetrieveResult result =
            DicomClient(peer, co).getStudy(study, dir.filePath(QString("get%1").arg(r)).toStdString());
        get.push_back(double(t.nsecsElapsed()) / 1e6);
        if (int(result.files.size()) != films)
            return 1;
        const std::uint64_t before = listener.storedCount();
        t.restart();
        DicomClient(peer, co).moveStudy(study, "BONEAGE");
        move.push_back(double(t.nsecsElapsed()) / 1e6);
        if (listener.storedCount() != before + std::uint64_t(films))
            return 1;
        t.restart();
        const RetrieveResult web =
            DicomWebClient(orthanc.dicomWebRoot().toStdString(), Timeouts{})
                .retrieveStudy(study, dir.filePath(QString("wado%1").arg(r)).toStdString());
        wado.push_back(double(t.nsecsElapsed()) / 1e6);
        if (int(web.files.size()) != films)
            return 1;
    }
    std::sort(wado.begin(), wado.end());
    std::sort(get.begin(), get.end());
    std::sort(move.begin(), move.end());
    std::printf("20-film study (%d x %d, 16-bit, %.1f MB) from Orthanc on loopback, %d runs each:\n", width,
                height, double(bytes) / 1e6, runs);
    std::printf("  C-GET : median %.0f ms (min %.0f, max %.0f)\n", get[runs / 2], get.front(), get.back());
    std::printf("  C-MOVE: median %.0f ms (min %.0f, max %.0f)\n", move[runs / 2], move.front(), move.back());
    std::printf("  WADO-RS: median %.0f ms (min %.0f, max %.0f)\n", wado[runs / 2], wado.front(),
                wado.back());
    return 0;
}
