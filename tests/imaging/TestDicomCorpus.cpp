// A corpus made at test time by DCMTK's own tools from uncompressed originals written by writeDicom: every
// transfer syntax decodes to the original pixels (bit for bit when lossless, within a tolerance when lossy).
#include "ImagingTestSupport.h"

#include "imaging/FilmLoader.h"
#include "imaging/FilmWriter.h"

#include <QFile>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <map>

using namespace boneage::imaging;
using testsupport::pattern;
using testsupport::runTool;

class TestDicomCorpus : public QObject {
    Q_OBJECT

private:
    const QString m_dir = BONEAGE_TEST_OUTPUT_DIR "/imaging-corpus";
    static constexpr int kWidth = 256, kHeight = 192;
    std::map<int, std::vector<std::uint16_t>> m_originals;  // by bits stored
    std::vector<std::uint16_t> m_jpegPixels;                // what OpenCV decodes from the img2dcm input

    QString original(int bits) const { return m_dir + QString("/original_%1bit.dcm").arg(bits); }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir.toStdString());
        std::filesystem::create_directories(m_dir.toStdString());
        for (const int bits : {8, 12, 16}) {
            m_originals[bits] = pattern(kWidth, kHeight, (1u << bits) - 1u);
            DicomWriteOptions o;
            o.bitsStored = bits;
            writeDicom(original(bits).toStdString(), kWidth, kHeight, m_originals[bits], o);
        }
        // An 8-bit greyscale JPEG for img2dcm (which wraps it without re-encoding).
        std::vector<std::uint8_t> grey(m_originals[8].begin(), m_originals[8].end());
        const cv::Mat image(kHeight, kWidth, CV_8UC1, grey.data());
        QVERIFY(cv::imwrite((m_dir + "/input.jpg").toStdString(), image, {cv::IMWRITE_JPEG_QUALITY, 92}));
        const cv::Mat decoded = cv::imread((m_dir + "/input.jpg").toStdString(), cv::IMREAD_GRAYSCALE);
        m_jpegPixels.assign(decoded.begin<std::uint8_t>(), decoded.end<std::uint8_t>());
    }

    void corpus_ShouldDecodeToOriginalPixels_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("syntax");
        QTest::addColumn<int>("tolerance");
        for (const auto& row : testsupport::dicomCorpusConversions(
                 BONEAGE_DCMCONV, BONEAGE_DCMCJPEG, BONEAGE_DCMCJPLS, BONEAGE_DCMCRLE, BONEAGE_IMG2DCM)) {
            QTest::newRow(qPrintable(row.name))
                << row.tool << row.options << row.bits << row.syntax << row.tolerance;
        }
    }
    void corpus_ShouldDecodeToOriginalPixels() {
        QFETCH(QString, tool);
        QFETCH(QStringList, options);
        QFETCH(int, bits);
        QFETCH(QString, syntax);
        QFETCH(int, tolerance);
        const bool img2dcm = tool.endsWith("img2dcm");
        const QString input = img2dcm ? m_dir + "/input.jpg" : original(bits);
        const QString output = m_dir + "/" + QTest::currentDataTag() + ".dcm";
        const QString failure = runTool(tool, options + QStringList{input, output});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));

        const Film film = loadFilm(output.toStdString());
        QCOMPARE(film.width, kWidth);
        QCOMPARE(film.height, kHeight);
        QCOMPARE(QString::fromStdString(film.meta.transferSyntaxUid), syntax);
        QCOMPARE(film.format, std::string("dicom"));
        const auto& expected = img2dcm ? m_jpegPixels : m_originals.at(bits);
        QCOMPARE(film.pixels.size(), expected.size());
        int worst = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            worst = std::max(worst, int(std::abs(film.pixels[i] - float(expected[i]))));
        }
        QVERIFY2(worst <= tolerance, qPrintable(QString("max error %1 > %2").arg(worst).arg(tolerance)));
        qInfo("%s: max error %d", QTest::currentDataTag(), worst);
    }

    // A Part 10 file whose meta header names no transfer syntax: the dataset after it is read in the encoding
    // the structure scan found (implicit VR little endian here), starting where the meta header ends.
    void metaHeaderWithoutTransferSyntax_ShouldReadTheDatasetAfterIt() {
        const QString bare = m_dir + "/no_ts_bare.dcm";
        QVERIFY2(runTool(BONEAGE_DCMCONV, {"+ti", "-F", original(12), bare}).isEmpty(), "dcmconv failed");
        QFile in(bare);
        QVERIFY(in.open(QIODevice::ReadOnly));
        // Preamble, "DICM", then (0002,0000) UL group length and (0002,0001) OB version: no (0002,0010).
        QByteArray bytes(128, '\0');
        bytes += "DICM";
        const char meta[] = {0x02, 0x00, 0x00, 0x00, 'U', 'L',  0x04, 0x00, 0x0E, 0x00, 0x00, 0x00, 0x02,
                             0x00, 0x01, 0x00, 'O',  'B', 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
        bytes.append(meta, sizeof meta);
        bytes += in.readAll();
        const QString path = m_dir + "/meta_without_transfer_syntax.dcm";
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();

        const Film film = loadFilm(path.toStdString());
        QCOMPARE(film.width, kWidth);
        QCOMPARE(film.height, kHeight);
        QCOMPARE(QString::fromStdString(film.meta.transferSyntaxUid), QString("1.2.840.10008.1.2"));
        const auto& expected = m_originals.at(12);
        QCOMPARE(film.pixels.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(film.pixels[i], float(expected[i]));
    }
};

QTEST_GUILESS_MAIN(TestDicomCorpus)
#include "TestDicomCorpus.moc"
