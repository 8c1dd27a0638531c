// JPEG 2000 films made at test time by OpenJPEG's own command-line tools: opj_compress encodes an original
// (PGM/PPM), the codestream is wrapped in a DICOM film (1.2.840.10008.1.2.4.90 or .91), and the loader must
// give back the original bit for bit when lossless, and exactly what opj_decompress gives (and the original
// within a tolerance) when lossy.
#include "CodecFilms.h"
#include "ImagingTestSupport.h"

#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <map>

using namespace boneage;
using namespace boneage::imaging;
using testsupport::pattern;
using testsupport::runTool;

namespace {

constexpr int kWidth = 256, kHeight = 192;
const char* const kLossless = "1.2.840.10008.1.2.4.90";
const char* const kLossy = "1.2.840.10008.1.2.4.91";

/// A netpbm image: grey (P5) or RGB (P6), 8 or 16 bits (big endian), samples interleaved.
struct Netpbm {
    int width = 0, height = 0, channels = 1, maxValue = 255;
    std::vector<std::uint16_t> samples;
};

void writeNetpbm(const QString& path, const Netpbm& image) {
    QByteArray bytes = QByteArray(image.channels == 3 ? "P6\n" : "P5\n") + QByteArray::number(image.width) +
                       ' ' + QByteArray::number(image.height) + '\n' + QByteArray::number(image.maxValue) +
                       '\n';
    for (const std::uint16_t v : image.samples) {
        if (image.maxValue > 255)
            bytes.append(char(v >> 8));
        bytes.append(char(v & 0xFF));
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

Netpbm readNetpbm(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QByteArray bytes = file.readAll();
    Netpbm image;
    int field = 0, pos = 0;
    int values[4] = {0, 0, 0, 0};  // magic, width, height, max
    while (field < 4 && pos < bytes.size()) {
        while (pos < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[pos])))
            ++pos;
        if (bytes[pos] == '#') {
            while (pos < bytes.size() && bytes[pos] != '\n')
                ++pos;
            continue;
        }
        const int start = pos;
        while (pos < bytes.size() && !std::isspace(static_cast<unsigned char>(bytes[pos])))
            ++pos;
        const QByteArray token = bytes.mid(start, pos - start);
        values[field] = field == 0 ? (token == "P6" ? 3 : 1) : token.toInt();
        ++field;
    }
    ++pos;  // the single whitespace after the maximum
    image.channels = values[0];
    image.width = values[1];
    image.height = values[2];
    image.maxValue = values[3];
    const std::size_t count = std::size_t(image.width) * image.height * image.channels;
    image.samples.resize(count);
    const bool wide = image.maxValue > 255;
    for (std::size_t i = 0; i < count; ++i) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData()) + pos + (wide ? 2 * i : i);
        image.samples[i] = wide ? std::uint16_t(p[0] << 8 | p[1]) : p[0];
    }
    return image;
}

std::vector<std::uint8_t> readBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QByteArray b = file.readAll();
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

/// Grey of interleaved RGB samples, as the loader computes it (BT.601 luma).
std::vector<float> lumaOfRgb(const std::vector<std::uint16_t>& rgb) {
    std::vector<float> grey(rgb.size() / 3);
    for (std::size_t i = 0; i < grey.size(); ++i)
        grey[i] = float(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
    return grey;
}

/// An RGB test pattern: three different smooth patterns, so a swapped or dropped channel shows.
Netpbm rgbPattern() {
    Netpbm image{kWidth, kHeight, 3, 255, {}};
    const auto r = pattern(kWidth, kHeight, 255);
    image.samples.resize(r.size() * 3);
    for (std::size_t i = 0; i < r.size(); ++i) {
        const std::size_t x = i % kWidth, y = i / kWidth;
        image.samples[3 * i] = r[i];
        image.samples[3 * i + 1] = std::uint16_t((x * 255) / (kWidth - 1));
        image.samples[3 * i + 2] = std::uint16_t(255 - (y * 255) / (kHeight - 1));
    }
    return image;
}

double worstDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

std::vector<float> asFloat(const std::vector<std::uint16_t>& values) {
    return std::vector<float>(values.begin(), values.end());
}

}  // namespace

class TestJpeg2000Corpus : public QObject {
    Q_OBJECT

private:
    const QString m_dir = BONEAGE_TEST_OUTPUT_DIR "/jpeg2000-corpus";

    /// Encodes `input` with opj_compress, wraps the codestream into a film of `syntax`, loads it.
    Film encodeAndLoad(const QString& input, const QString& tag, const QStringList& options,
                       testing::PixelModule module, const QString& syntax, const QString& extension = "j2k") {
        const QString codestream = m_dir + "/" + tag + "." + extension;
        const QString failure =
            runTool(BONEAGE_OPJ_COMPRESS, QStringList{"-i", input, "-o", codestream} + options);
        if (!failure.isEmpty())
            qFatal("%s", qPrintable(failure));
        const QString dicom = m_dir + "/" + tag + ".dcm";
        testing::writeEncapsulatedFilm(dicom.toStdString(), module, syntax.toStdString(),
                                       {readBytes(codestream)});
        return loadFilm(dicom.toStdString());
    }

    /// What OpenJPEG's own decoder makes of a codestream.
    Netpbm reference(const QString& tag, const QString& extension) {
        const QString out = m_dir + "/" + tag + "_opj_decompress." + extension;
        const QString failure =
            runTool(BONEAGE_OPJ_DECOMPRESS, {"-i", m_dir + "/" + tag + ".j2k", "-o", out});
        if (!failure.isEmpty())
            qFatal("%s", qPrintable(failure));
        return readNetpbm(out);
    }

    static testing::PixelModule greyModule(int bits) {
        testing::PixelModule m;
        m.columns = kWidth;
        m.rows = kHeight;
        m.bitsAllocated = bits > 8 ? 16 : 8;
        m.bitsStored = bits;
        return m;
    }
    static testing::PixelModule colourModule(const char* photometric) {
        testing::PixelModule m;
        m.columns = kWidth;
        m.rows = kHeight;
        m.samples = 3;
        m.photometric = photometric;
        return m;
    }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir.toStdString());
        std::filesystem::create_directories(m_dir.toStdString());
        for (const int bits : {8, 12, 16}) {
            const Netpbm grey{kWidth, kHeight, 1, int((1u << bits) - 1u),
                              pattern(kWidth, kHeight, (1u << bits) - 1u)};
            writeNetpbm(m_dir + QString("/original_%1bit.pgm").arg(bits), grey);
        }
        writeNetpbm(m_dir + "/original_rgb.ppm", rgbPattern());
    }

    void greyLossless_ShouldMatchOriginalBitForBit_data() {
        QTest::addColumn<int>("bits");
        QTest::newRow("8bit_ShouldMatchBitForBit") << 8;
        QTest::newRow("12bit_ShouldMatchBitForBit") << 12;
        QTest::newRow("16bit_ShouldMatchBitForBit") << 16;
    }
    void greyLossless_ShouldMatchOriginalBitForBit() {
        QFETCH(int, bits);
        const QString input = m_dir + QString("/original_%1bit.pgm").arg(bits);
        const Film film =
            encodeAndLoad(input, QString("lossless_%1bit").arg(bits), {}, greyModule(bits), kLossless);
        QCOMPARE(film.width, kWidth);
        QCOMPARE(film.height, kHeight);
        QCOMPARE(QString::fromStdString(film.meta.transferSyntaxUid), QString(kLossless));
        QCOMPARE(film.bitsStored, bits);
        QVERIFY(film.warnings.empty());
        const auto expected = asFloat(readNetpbm(input).samples);
        QCOMPARE(film.pixels.size(), expected.size());
        QCOMPARE(worstDifference(film.pixels, expected), 0.0);
    }

    void greyLossy_ShouldMatchOpjDecompressAndOriginalWithinTolerance_data() {
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("tolerance");  // of the original, in grey levels, at ratio 10
        QTest::newRow("8bit_ShouldMatchWithin8") << 8 << 8.0;
        QTest::newRow("12bit_ShouldMatchWithin128") << 12 << 128.0;
        QTest::newRow("16bit_ShouldMatchWithin2048") << 16 << 2048.0;
    }
    void greyLossy_ShouldMatchOpjDecompressAndOriginalWithinTolerance() {
        QFETCH(int, bits);
        QFETCH(double, tolerance);
        const QString input = m_dir + QString("/original_%1bit.pgm").arg(bits);
        const QString tag = QString("lossy_%1bit").arg(bits);
        const Film film = encodeAndLoad(input, tag, {"-I", "-r", "10"}, greyModule(bits), kLossy);
        QCOMPARE(QString::fromStdString(film.meta.transferSyntaxUid), QString(kLossy));
        const auto decoded = asFloat(reference(tag, "pgm").samples);
        QCOMPARE(film.pixels.size(), decoded.size());
        QCOMPARE(worstDifference(film.pixels, decoded), 0.0);
        const double error = worstDifference(film.pixels, asFloat(readNetpbm(input).samples));
        QVERIFY2(error > 0, "a lossy encoding that loses nothing does not test the lossy path");
        QVERIFY2(error <= tolerance, qPrintable(QString("max error %1 > %2").arg(error).arg(tolerance)));
        qInfo("%s: max error %g of %d", QTest::currentDataTag(), error, (1 << bits) - 1);
    }

    void colourLossless_ShouldBeTheLumaOfTheOriginal() {
        const QString input = m_dir + "/original_rgb.ppm";
        const Film film =
            encodeAndLoad(input, "lossless_rgb", {"-mct", "1"}, colourModule("YBR_RCT"), kLossless);
        QCOMPARE(film.warnings.size(), std::size_t(1));
        QCOMPARE(film.warnings[0].code, boneage::WarningCode::ColourReadAsGrey);
        QCOMPARE(film.warnings[0].args, std::vector<std::string>{"YBR_RCT"});
        const auto expected = lumaOfRgb(readNetpbm(input).samples);
        QCOMPARE(film.pixels.size(), expected.size());
        QVERIFY(worstDifference(film.pixels, expected) < 1e-3);
    }

    void colourLossy_ShouldBeTheLumaOfOpjDecompress() {
        const QString input = m_dir + "/original_rgb.ppm";
        const Film film = encodeAndLoad(input, "lossy_rgb", {"-I", "-r", "10", "-mct", "1"},
                                        colourModule("YBR_ICT"), kLossy);
        QCOMPARE(film.warnings.size(), std::size_t(1));
        const auto decoded = lumaOfRgb(reference("lossy_rgb", "ppm").samples);
        QVERIFY(worstDifference(film.pixels, decoded) < 1e-3);
        QVERIFY(worstDifference(film.pixels, lumaOfRgb(readNetpbm(input).samples)) <= 8.0);
    }

    // Some archives store a JP2 file (boxes around the codestream) instead of the bare codestream.
    void jp2File_ShouldDecodeLikeTheCodestream() {
        const QString input = m_dir + "/original_12bit.pgm";
        const Film film = encodeAndLoad(input, "lossless_12bit_jp2", {}, greyModule(12), kLossless, "jp2");
        QCOMPARE(worstDifference(film.pixels, asFloat(readNetpbm(input).samples)), 0.0);
    }

    void codestreamSplitOverFragments_ShouldBeJoined() {
        const QString input = m_dir + "/original_8bit.pgm";
        const QString codestream = m_dir + "/split.j2k";
        QVERIFY(runTool(BONEAGE_OPJ_COMPRESS, {"-i", input, "-o", codestream}).isEmpty());
        const auto bytes = readBytes(codestream);
        const std::size_t third = bytes.size() / 6 * 2;  // even, as fragments are
        const std::vector<std::vector<std::uint8_t>> fragments{
            {bytes.begin(), bytes.begin() + std::ptrdiff_t(third)},
            {bytes.begin() + std::ptrdiff_t(third), bytes.begin() + std::ptrdiff_t(2 * third)},
            {bytes.begin() + std::ptrdiff_t(2 * third), bytes.end()}};
        const std::string path = (m_dir + "/split.dcm").toStdString();
        testing::writeEncapsulatedFilm(path, greyModule(8), kLossless, fragments);
        QCOMPARE(worstDifference(loadFilm(path).pixels, asFloat(readNetpbm(input).samples)), 0.0);
    }

    // Two frames: the first frame's fragments are found by the offset table, by one fragment per frame,
    // and by the end-of-codestream marker; the second frame (another image) is never decoded into it.
    void multiFrame_ShouldDecodeTheFirstFrameOnly_data() {
        QTest::addColumn<bool>("offsetTable");
        QTest::addColumn<bool>("splitFirstFrame");
        QTest::newRow("offsetTable_ShouldDecodeFrameOne") << true << true;
        QTest::newRow("oneFragmentPerFrame_ShouldDecodeFrameOne") << false << false;
        QTest::newRow("endOfCodestreamMarker_ShouldDecodeFrameOne") << false << true;
    }
    void multiFrame_ShouldDecodeTheFirstFrameOnly() {
        QFETCH(bool, offsetTable);
        QFETCH(bool, splitFirstFrame);
        const auto first = pattern(kWidth, kHeight, 255);
        std::vector<std::uint16_t> second(first.size());
        for (std::size_t i = 0; i < first.size(); ++i)
            second[i] = std::uint16_t(255 - first[i]);
        const auto a = testing::encodeJpeg2000(kWidth, kHeight, 1, 8, first, true, false);
        const auto b = testing::encodeJpeg2000(kWidth, kHeight, 1, 8, second, true, false);
        std::vector<std::vector<std::uint8_t>> fragments;
        if (splitFirstFrame) {  // at an even offset: every fragment but a frame's last has an even length
            const auto half = std::ptrdiff_t(a.size() / 4 * 2);
            fragments.push_back({a.begin(), a.begin() + half});
            fragments.push_back({a.begin() + half, a.end()});
        } else {
            fragments.push_back(a);
        }
        fragments.push_back(b);
        testing::PixelModule module = greyModule(8);
        module.frames = 2;
        const std::string path = (m_dir + "/two_frames.dcm").toStdString();
        testing::writeEncapsulatedFilm(path, module, kLossless, fragments, offsetTable,
                                       {0, fragments.size() - 1});
        QCOMPARE(worstDifference(loadFilm(path).pixels, asFloat(first)), 0.0);
    }

    // Strict mode: a codestream cut short is refused, not decoded into a partly grey film.
    void truncatedCodestream_ShouldBeRefused() {
        auto codestream =
            testing::encodeJpeg2000(kWidth, kHeight, 1, 8, pattern(kWidth, kHeight, 255), true, false);
        codestream.resize(codestream.size() / 2 / 2 * 2);
        const std::string path = (m_dir + "/truncated.dcm").toStdString();
        testing::writeEncapsulatedFilm(path, greyModule(8), kLossless, {codestream});
        try {
            const Film film = loadFilm(path);
            QFAIL("a truncated codestream decoded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY2(QString(e.what()).contains("cannot decode the JPEG 2000 pixel data"), e.what());
        }
    }

    void codestreamOfAnotherSize_ShouldBeRefusedBeforeDecoding() {
        const auto codestream =
            testing::encodeJpeg2000(kWidth, kHeight, 1, 8, pattern(kWidth, kHeight, 255), true, false);
        testing::PixelModule module = greyModule(8);
        module.columns = kWidth / 2;
        const std::string path = (m_dir + "/size_mismatch.dcm").toStdString();
        testing::writeEncapsulatedFilm(path, module, kLossless, {codestream});
        try {
            loadFilm(path);
            QFAIL("a codestream larger than the header says was decoded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY2(QString(e.what()).contains(
                         "the codestream's image is 256x192 pixels, the header says 128x192"),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestJpeg2000Corpus)
#include "TestJpeg2000Corpus.moc"
