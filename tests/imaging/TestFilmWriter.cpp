// FilmWriter: every transfer syntax round-trips through loadFilm; options reach the header; writes are
// atomic.
#include "ImagingTestSupport.h"

#include "imaging/FilmLoader.h"
#include "imaging/FilmWriter.h"

#include "common/Error.h"

#include <QTest>

#include <filesystem>

using namespace boneage;
using namespace boneage::imaging;
using testsupport::pattern;

Q_DECLARE_METATYPE(boneage::imaging::TransferSyntax)

class TestFilmWriter : public QObject {
    Q_OBJECT

private:
    std::string m_dir = BONEAGE_TEST_OUTPUT_DIR "/imaging-writer";

    static int maxError(const Film& film, const std::vector<std::uint16_t>& expected) {
        int worst = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            worst = std::max(worst, int(std::abs(film.pixels[i] - float(expected[i]))));
        }
        return worst;
    }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }

    void writeDicom_ShouldRoundTrip_data() {
        QTest::addColumn<TransferSyntax>("syntax");
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("monochrome1");
        QTest::addColumn<int>("tolerance");
        const struct {
            const char* name;
            TransferSyntax syntax;
            int tolerance;
        } syntaxes[] = {{"explicitLE", TransferSyntax::ExplicitLittleEndian, 0},
                        {"implicitLE", TransferSyntax::ImplicitLittleEndian, 0},
                        {"bigEndian", TransferSyntax::ExplicitBigEndian, 0},
                        {"deflate", TransferSyntax::DeflatedLittleEndian, 0},
                        {"jpegLossless", TransferSyntax::JpegLossless, 0},
                        {"jpegLsLossless", TransferSyntax::JpegLsLossless, 0},
                        {"jpegLsNearLossless", TransferSyntax::JpegLsNearLossless, 2},
                        {"rle", TransferSyntax::RleLossless, 0}};
        for (const auto& s : syntaxes) {
            for (const int bits : {8, 12, 16}) {
                for (const bool m1 : {false, true}) {
                    const QString name = QString("%1_%2bit%3_ShouldMatch%4")
                                             .arg(s.name)
                                             .arg(bits)
                                             .arg(m1 ? "_monochrome1" : "")
                                             .arg(s.tolerance ? "WithinNearLosslessError" : "BitForBit");
                    QTest::newRow(qPrintable(name)) << s.syntax << bits << m1 << s.tolerance;
                }
            }
        }
        QTest::newRow("jpegBaseline_8bit_ShouldMatchWithinLossyTolerance")
            << TransferSyntax::JpegBaseline << 8 << false << 12;
        QTest::newRow("jpegBaseline_8bit_monochrome1_ShouldMatchWithinLossyTolerance")
            << TransferSyntax::JpegBaseline << 8 << true << 12;
    }
    void writeDicom_ShouldRoundTrip() {
        QFETCH(TransferSyntax, syntax);
        QFETCH(int, bits);
        QFETCH(bool, monochrome1);
        QFETCH(int, tolerance);
        const int w = 96, h = 80;
        const auto pixels = pattern(w, h, (1u << bits) - 1u);
        DicomWriteOptions o;
        o.transferSyntax = syntax;
        o.bitsStored = bits;
        o.monochrome1 = monochrome1;
        o.window = Window{double(1u << (bits - 1)), double(1u << (bits - 2))};
        const std::string path = m_dir + "/" + QTest::currentDataTag() + ".dcm";
        writeDicom(path, w, h, pixels, o);
        const Film film = loadFilm(path);
        QCOMPARE(film.width, w);
        QCOMPARE(film.height, h);
        QCOMPARE(film.bitsStored, bits);
        QCOMPARE(film.meta.transferSyntaxUid, std::string(transferSyntaxUid(syntax)));
        QCOMPARE(film.meta.photometric, std::string(monochrome1 ? "MONOCHROME1" : "MONOCHROME2"));
        QVERIFY2(maxError(film, pixels) <= tolerance, qPrintable(QString::number(maxError(film, pixels))));
        QVERIFY(film.defaultWindow.has_value());
        QCOMPARE(film.defaultWindow->centre, o.window->centre);
        QCOMPARE(film.defaultWindow->width, o.window->width);
    }

    void writeDicom_ShouldWriteMetadataAndFreshUids() {
        DicomWriteOptions o;
        o.sopClass = DicomSopClass::DigitalXRay;
        o.pixelSpacingMm = std::make_pair(0.139, 0.14);
        o.rescaleSlope = 2;
        o.rescaleIntercept = -100;
        o.metadata.patientId = "PHANTOM-0007";
        o.metadata.patientName = "Phantom^Seven";
        o.metadata.patientSex = "F";
        o.metadata.birthDate = "20120304";
        o.metadata.studyDate = "20230405";
        o.metadata.laterality = "L";
        const auto pixels = pattern(64, 64, 4095);
        writeDicom(m_dir + "/dx.dcm", 64, 64, pixels, o);
        writeDicom(m_dir + "/dx2.dcm", 64, 64, pixels, o);
        const Film film = loadFilm(m_dir + "/dx.dcm");
        const Film other = loadFilm(m_dir + "/dx2.dcm");
        QCOMPARE(film.meta.patientId, std::string("PHANTOM-0007"));
        QCOMPARE(film.meta.patientName, std::string("Phantom^Seven"));
        QCOMPARE(film.meta.patientSex, std::string("F"));
        QCOMPARE(film.meta.birthDate, std::string("20120304"));
        QCOMPARE(film.meta.studyDate, std::string("20230405"));
        QCOMPARE(film.meta.laterality, std::string("L"));
        QCOMPARE(film.meta.modality, std::string("DX"));
        QCOMPARE(film.meta.bodyPart, std::string("HAND"));
        QCOMPARE(film.meta.sopClassUid, std::string("1.2.840.10008.5.1.4.1.1.1.1"));
        QVERIFY(!film.meta.sopInstanceUid.empty() && film.meta.sopInstanceUid != other.meta.sopInstanceUid);
        QVERIFY(!film.meta.studyInstanceUid.empty() &&
                film.meta.studyInstanceUid != other.meta.studyInstanceUid);
        QVERIFY(film.pixelSpacingMm.has_value());
        QCOMPARE(film.pixelSpacingMm->first, 0.139);
        QCOMPARE(film.pixelSpacingMm->second, 0.14);
        QCOMPARE(film.pixels[0], 2.0f * pixels[0] - 100.0f);
        QCOMPARE(film.maxValue, 2.0f * 4095 - 100.0f);
    }

    void writePng_ShouldRoundTrip_data() {
        QTest::addColumn<int>("bitDepth");
        QTest::newRow("png8_ShouldMatchBitForBit") << 8;
        QTest::newRow("png16_ShouldMatchBitForBit") << 16;
    }
    void writePng_ShouldRoundTrip() {
        QFETCH(int, bitDepth);
        const auto pixels = pattern(70, 50, bitDepth == 8 ? 255u : 65535u);
        const std::string path = m_dir + "/" + QTest::currentDataTag() + ".png";
        writePng(path, 70, 50, pixels, bitDepth);
        const Film film = loadFilm(path);
        QCOMPARE(film.format, std::string("png"));
        QCOMPARE(film.bitsStored, bitDepth);
        QCOMPARE(maxError(film, pixels), 0);
        std::vector<std::uint8_t> eight(pixels.size());
        if (bitDepth == 8) {
            for (std::size_t i = 0; i < pixels.size(); ++i)
                eight[i] = std::uint8_t(pixels[i]);
            writePng8(path, 70, 50, eight);
            QCOMPARE(maxError(loadFilm(path), pixels), 0);
        }
    }

    void writers_ShouldRejectInconsistentArguments_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("dicomPixelCountMismatch_ShouldThrowUsage") << 0;
        QTest::newRow("dicomValueBeyondBitsStored_ShouldThrowUsage") << 1;
        QTest::newRow("dicomJpegBaseline12bit_ShouldThrowUsage") << 2;
        QTest::newRow("png8ValueAbove255_ShouldThrowUsage") << 3;
        QTest::newRow("pngBitDepth12_ShouldThrowUsage") << 4;
    }
    void writers_ShouldRejectInconsistentArguments() {
        QFETCH(int, which);
        const std::string path = m_dir + "/rejected_" + std::to_string(which);
        std::vector<std::uint16_t> pixels(64 * 64, 100);
        DicomWriteOptions o;
        try {
            switch (which) {
                case 0:
                    writeDicom(path, 64, 63, pixels, o);
                    break;
                case 1:
                    o.bitsStored = 8;
                    pixels[5] = 256;
                    writeDicom(path, 64, 64, pixels, o);
                    break;
                case 2:
                    o.transferSyntax = TransferSyntax::JpegBaseline;
                    writeDicom(path, 64, 64, pixels, o);
                    break;
                case 3:
                    pixels[5] = 300;
                    writePng(path, 64, 64, pixels, 8);
                    break;
                default:
                    writePng(path, 64, 64, pixels, 12);
                    break;
            }
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Usage);
        }
        QVERIFY(!std::filesystem::exists(path));
    }

    void write_ShouldBeAtomic_NoFileLeftWhenDirectoryIsMissing() {
        const std::string path = m_dir + "/no/such/dir/film.dcm";
        try {
            writeDicom(path, 64, 64, std::vector<std::uint16_t>(64 * 64, 1), DicomWriteOptions{});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Storage);
            QVERIFY(QString(e.what()).contains("film.dcm"));
        }
    }

    void write_ShouldLeaveNoTemporaryFiles() {
        for (const auto& entry : std::filesystem::directory_iterator(m_dir)) {
            QVERIFY2(entry.path().string().find(".tmp.") == std::string::npos, entry.path().c_str());
        }
    }

    void write_ShouldReplaceAnExistingFile() {
        const std::string path = m_dir + "/replaced.png";
        writePng(path, 40, 40, std::vector<std::uint16_t>(1600, 10), 8);
        writePng(path, 40, 40, std::vector<std::uint16_t>(1600, 20), 8);
        QCOMPARE(loadFilm(path).pixels[0], 20.0f);
    }
};

QTEST_GUILESS_MAIN(TestFilmWriter)
#include "TestFilmWriter.moc"
