#pragma once
// Small helpers shared by the imaging tests: deterministic test patterns and running DCMTK's tools.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace boneage::imaging::testsupport {

/// A smooth pattern with edges (so lossy codecs behave like on a radiograph), covering 0..maxValue.
inline std::vector<std::uint16_t> pattern(int width, int height, unsigned maxValue) {
    std::vector<std::uint16_t> p(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double gx = double(x) / (width - 1), gy = double(y) / (height - 1);
            double v = 0.15 + 0.5 * gx * gy;
            if ((x / 16 + y / 16) % 3 == 0)
                v += 0.35;  // blocks: "bones"
            if (x == 0 && y == 0)
                v = 0.0;
            if (x == width - 1 && y == height - 1)
                v = 1.0;
            p[std::size_t(y) * width + x] = std::uint16_t(std::min(1.0, v) * maxValue + 0.5);
        }
    }
    return p;
}

/// Runs a tool; returns its combined output on failure, "" on success.
inline QString runTool(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return program + " did not finish";
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return program + " " + arguments.join(' ') + " failed: " + QString::fromLocal8Bit(process.readAll());
    }
    return {};
}

}  // namespace boneage::imaging::testsupport
