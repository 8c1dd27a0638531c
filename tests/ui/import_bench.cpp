// Prints how long a worklist import of a folder takes: CaseImporter::importNow (headers only, what the
// workstation does) beside the decode-every-film import it replaced (imaging::loadFilm, then the same case
// record), alternating, repeated, after one decoding pass that warms the page cache for both.
// Usage: boneage_import_bench FOLDER [REPEATS]. Not a ctest: figures, not pass/fail.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "assessment/CaseReading.h"
#include "imaging/FilmLoader.h"
#include "ui/CaseImporter.h"

using namespace boneage;

namespace {

double decodeEveryFilm(const QStringList& files, std::size_t& cases) {
    QElapsedTimer timer;
    timer.start();
    cases = 0;
    for (const QString& file : files) {
        try {
            const imaging::Film film = imaging::loadFilm(file.toStdString());
            (void)assessment::caseRecordOf(film.meta, film.sourcePath);
            ++cases;
        } catch (const std::exception&) {
        }
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

double headersOnly(const QStringList& files, std::size_t& cases) {
    QElapsedTimer timer;
    timer.start();
    cases = ui::CaseImporter::importNow(files).cases.size();
    return double(timer.nsecsElapsed()) / 1e9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: boneage_import_bench FOLDER [REPEATS]\n");
        return 2;
    }
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const QStringList files = ui::CaseImporter::collectFiles({QString::fromLocal8Bit(argv[1])});
    std::size_t decoded = 0, headers = 0;
    decodeEveryFilm(files, decoded);  // warms the page cache for both
    std::vector<double> decodeTimes, headerTimes;
    for (int r = 0; r < repeats; ++r) {
        decodeTimes.push_back(decodeEveryFilm(files, decoded));
        headerTimes.push_back(headersOnly(files, headers));
        std::printf("repeat %d: decode every film %.3f s, headers only %.3f s\n", r + 1, decodeTimes.back(),
                    headerTimes.back());
    }
    const double d = median(decodeTimes), h = median(headerTimes);
    std::printf("%lld files, %zu cases by decoding, %zu by headers\n", qlonglong(files.size()), decoded,
                headers);
    std::printf(
        "median over %d: decode every film %.3f s (%.1f ms/film), headers only %.3f s (%.2f ms/film), "
        "%.0fx faster\n",
        repeats, d, 1e3 * d / double(std::max<qsizetype>(1, files.size())), h,
        1e3 * h / double(std::max<qsizetype>(1, files.size())), d / std::max(h, 1e-9));
    return decoded == headers ? 0 : 1;
}
