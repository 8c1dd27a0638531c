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

/// One file of the DICOM corpus that DCMTK's tools make at test time from an uncompressed original: the
/// row name (the expectation), the tool (empty: img2dcm wrapping a JPEG), its options, the original's bits
/// stored, the transfer syntax the result is in, and the largest pixel error a decode may show.
struct CorpusConversion {
    QString name;
    QString tool;
    QStringList options;
    int bits = 0;
    QString syntax;
    int tolerance = 0;
};

/// The conversions of the DICOM corpus (tools from the BONEAGE_DCM* compile definitions).
inline std::vector<CorpusConversion> dicomCorpusConversions(const QString& dcmconv, const QString& dcmcjpeg,
                                                            const QString& dcmcjpls, const QString& dcmcrle,
                                                            const QString& img2dcm) {
    std::vector<CorpusConversion> rows;
    for (const int bits : {8, 12, 16}) {
        const QString b = QString::number(bits) + "bit";
        rows.push_back(
            {"explicitLE_" + b + "_ShouldMatchBitForBit", dcmconv, {"+te"}, bits, "1.2.840.10008.1.2.1", 0});
        rows.push_back(
            {"implicitLE_" + b + "_ShouldMatchBitForBit", dcmconv, {"+ti"}, bits, "1.2.840.10008.1.2", 0});
        rows.push_back(
            {"bigEndian_" + b + "_ShouldMatchBitForBit", dcmconv, {"+tb"}, bits, "1.2.840.10008.1.2.2", 0});
        rows.push_back(
            {"deflate_" + b + "_ShouldMatchBitForBit", dcmconv, {"+td"}, bits, "1.2.840.10008.1.2.1.99", 0});
        rows.push_back({"jpegLosslessSV1_" + b + "_ShouldMatchBitForBit",
                        dcmcjpeg,
                        {"+e1"},
                        bits,
                        "1.2.840.10008.1.2.4.70",
                        0});
        rows.push_back({"jpegLosslessProcess14_" + b + "_ShouldMatchBitForBit",
                        dcmcjpeg,
                        {"+el"},
                        bits,
                        "1.2.840.10008.1.2.4.57",
                        0});
        rows.push_back({"jpegLsLossless_" + b + "_ShouldMatchBitForBit",
                        dcmcjpls,
                        {"+el"},
                        bits,
                        "1.2.840.10008.1.2.4.80",
                        0});
        rows.push_back({"jpegLsNearLossless3_" + b + "_ShouldMatchWithin3",
                        dcmcjpls,
                        {"+en", "+md", "3"},
                        bits,
                        "1.2.840.10008.1.2.4.81",
                        3});
        rows.push_back({"rle_" + b + "_ShouldMatchBitForBit", dcmcrle, {}, bits, "1.2.840.10008.1.2.5", 0});
    }
    rows.push_back({"jpegBaseline_8bit_ShouldMatchWithinLossyTolerance",
                    dcmcjpeg,
                    {"+eb", "+q", "95"},
                    8,
                    "1.2.840.10008.1.2.4.50",
                    12});
    rows.push_back({"jpegExtended_12bit_ShouldMatchWithinLossyTolerance",
                    dcmcjpeg,
                    {"+ee", "+q", "95"},
                    12,
                    "1.2.840.10008.1.2.4.51",
                    200});
    rows.push_back({"img2dcmJpeg_8bit_ShouldMatchOpenCvDecodeWithin2",
                    img2dcm,
                    {"-i", "JPEG"},
                    8,
                    "1.2.840.10008.1.2.4.50",
                    2});
    rows.push_back({"bareDatasetImplicitLE_12bit_ShouldMatchBitForBit",
                    dcmconv,
                    {"+ti", "-F"},
                    12,
                    "1.2.840.10008.1.2",
                    0});
    rows.push_back({"bareDatasetBigEndian_16bit_ShouldMatchBitForBit",
                    dcmconv,
                    {"+tb", "-F"},
                    16,
                    "1.2.840.10008.1.2.2",
                    0});
    return rows;
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
