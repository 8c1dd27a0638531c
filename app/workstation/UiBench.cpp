// boneage-ui-bench: printed viewer benchmarks (not a timed test).
//   open-to-first-paint of a 2048 x 2560 16-bit DICOM (decode + window + first paint), goal <= 150 ms
//   one window/level frame on it (new window -> windowed pixels -> paint), goal <= 16 ms: at fit (the view
//   paints a reduced pyramid level) and at 100 % (film pixels, only the part in view)
//   peak RSS with that case open and the model loaded
// Usage: boneage-ui-bench [MODEL_DIR]   (default: the full random test model, else the shipped package)
#include <sys/resource.h>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "imaging/FilmLoader.h"
#include "imaging/FilmWriter.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"

using namespace boneage;

namespace {

double ms(const QElapsedTimer& t) {
    return double(t.nsecsElapsed()) / 1e6;
}

/// The p-th percentile (0..1) by the nearest rank.
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto rank = std::size_t(std::ceil(p * double(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double median(const std::vector<double>& v) {
    return percentile(v, 0.5);
}

struct Frames {
    std::vector<double> frame, paint;
};

/// 60 window/level drag steps: a new window, then a synchronous repaint.
Frames windowLevelFrames(ui::FilmView& view) {
    Frames f;
    for (int i = 0; i < 60; ++i) {
        QElapsedTimer t;
        t.start();
        view.setWindow({30000.0 + 100 * (i % 30), 38000.0 - 150 * (i % 30)});
        view.repaint();
        f.frame.push_back(ms(t));
        f.paint.push_back(view.lastPaintMs());
    }
    return f;
}

QString describe(const Frames& f) {
    return QStringLiteral("p50 %1 ms  p90 %2 ms  max %3 ms  (paint p50 %4 ms)")
        .arg(percentile(f.frame, 0.5), 0, 'f', 1)
        .arg(percentile(f.frame, 0.9), 0, 'f', 1)
        .arg(*std::max_element(f.frame.begin(), f.frame.end()), 0, 'f', 1)
        .arg(median(f.paint), 0, 'f', 1);
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.dcm"));
    {
        const int w = 2048, h = 2560;
        std::vector<std::uint16_t> px(std::size_t(w) * h);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                px[std::size_t(y) * w + x] = std::uint16_t((x * 7 + y * 13 + (x ^ y)) & 0xffff);
        imaging::DicomWriteOptions o;
        o.bitsStored = 16;
        o.window = imaging::Window{32768, 40000};
        imaging::writeDicom(path.toStdString(), w, h, px, o);
    }

    ui::FilmView view;
    view.resize(1400, 1000);
    view.show();
    QApplication::processEvents();

    std::vector<double> open, decode;
    std::shared_ptr<const imaging::Film> film;
    for (int i = 0; i < 5; ++i) {
        view.setFilm(nullptr);
        QElapsedTimer t;
        t.start();
        film = std::make_shared<const imaging::Film>(imaging::loadFilm(path.toStdString()));
        decode.push_back(ms(t));
        view.setFilm(film);
        view.repaint();  // synchronous: window + compose + paint
        open.push_back(ms(t));
    }
    const Frames atFit = windowLevelFrames(view);
    view.zoomActualPixels();
    const Frames atActual = windowLevelFrames(view);
    view.fitToWindow();
    out << "film 2048 x 2560, 16-bit DICOM, view 1400 x 1000 (" << QGuiApplication::platformName() << ")\n";
    out << QStringLiteral("open-to-first-paint  median %1 ms  (decode %2 ms)   goal <= 150 ms\n")
               .arg(median(open), 0, 'f', 1)
               .arg(median(decode), 0, 'f', 1);
    out << QStringLiteral("window/level frame, fit   %1   goal <= 16 ms\n").arg(describe(atFit));
    out << QStringLiteral("window/level frame, 100%  %1   goal <= 16 ms\n").arg(describe(atActual));

    QString model =
        argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(BONEAGE_TEST_MODELS "/full-random");
    if (!QFileInfo::exists(model + "/manifest.json"))
        model = QStringLiteral(BONEAGE_DEFAULT_MODEL_DIR);
    ui::InferenceService inference;
    QSignalSpy loaded(&inference, &ui::InferenceService::modelLoaded);
    QSignalSpy failed(&inference, &ui::InferenceService::modelFailed);
    inference.configure({model, QStringLiteral("cpu")});
    QElapsedTimer wait;
    wait.start();
    while (loaded.isEmpty() && failed.isEmpty() && wait.elapsed() < 600000)
        loaded.wait(200);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out << QStringLiteral("model %1: %2\n")
               .arg(QDir(model).dirName(),
                    loaded.isEmpty() ? QStringLiteral("NOT loaded") : QStringLiteral("loaded"));
    out << QStringLiteral("peak RSS (case open + model loaded)  %1 MiB\n")
               .arg(double(usage.ru_maxrss) / 1024.0, 0, 'f', 0);
    return 0;
}
