// readFilmHeader against loadFilm: the same size, format and metadata for every film of the corpus (writer
// output in every transfer syntax, DCMTK's conversions, JPEG 2000, colour and palette films, PNG and JPEG,
// EXIF-turned rasters, a header longer than the first read); for malformed and truncated films a one-sentence
// BadInput error, the one loadFilm gives whenever the header already fails, never a crash; and only the
// header is read from disk.
#include "CodecFilms.h"
#include "ImagingTestSupport.h"
#include "MalformedFilms.h"

#include "imaging/FilmHeader.h"
#include "imaging/FilmLoader.h"
#include "imaging/FilmWriter.h"

#include "common/Error.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

using namespace boneage;
using namespace boneage::imaging;
using testsupport::pattern;
using testsupport::runTool;

namespace {

std::vector<std::uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

/// Bytes this process has read through read(2)/pread(2) so far (/proc/self/io "rchar").
std::uint64_t bytesReadSoFar() {
    std::ifstream io("/proc/self/io");
    std::string key;
    std::uint64_t value = 0;
    while (io >> key >> value) {
        if (key == "rchar:")
            return value;
    }
    return 0;
}

/// A minimal TIFF block holding only Orientation = `orientation` (big endian).
std::vector<std::uint8_t> exifOrientation(int orientation) {
    return {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, std::uint8_t(orientation),
            0,   0,   0, 0,  0, 0};
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

void putBe32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift : {24, 16, 8, 0})
        out.push_back(std::uint8_t(v >> shift));
}

}  // namespace

class TestFilmHeader : public QObject {
    Q_OBJECT

private:
    const std::string m_dir = BONEAGE_TEST_OUTPUT_DIR "/imaging-header";
    static constexpr int kWidth = 256, kHeight = 192;

    std::string path(const std::string& name) const { return m_dir + "/" + name; }

    static void compareMetadata(const FilmMetadata& a, const FilmMetadata& b) {
        QCOMPARE(a.patientId, b.patientId);
        QCOMPARE(a.patientName, b.patientName);
        QCOMPARE(a.patientSex, b.patientSex);
        QCOMPARE(a.birthDate, b.birthDate);
        QCOMPARE(a.studyDate, b.studyDate);
        QCOMPARE(a.studyInstanceUid, b.studyInstanceUid);
        QCOMPARE(a.seriesInstanceUid, b.seriesInstanceUid);
        QCOMPARE(a.sopInstanceUid, b.sopInstanceUid);
        QCOMPARE(a.sopClassUid, b.sopClassUid);
        QCOMPARE(a.bodyPart, b.bodyPart);
        QCOMPARE(a.laterality, b.laterality);
        QCOMPARE(a.modality, b.modality);
        QCOMPARE(a.accessionNumber, b.accessionNumber);
        QCOMPARE(a.studyDescription, b.studyDescription);
        QCOMPARE(a.photometric, b.photometric);
        QCOMPARE(a.transferSyntaxUid, b.transferSyntaxUid);
    }

    /// The header of `file` equals what loadFilm reads of it, from disk and from memory.
    static void headerShouldEqualFullLoad(const std::string& file) {
        const Film film = loadFilm(file);
        const FilmHeader header = readFilmHeader(file);
        QCOMPARE(header.width, film.width);
        QCOMPARE(header.height, film.height);
        QCOMPARE(header.format, film.format);
        QCOMPARE(header.sourcePath, film.sourcePath);
        compareMetadata(header.meta, film.meta);
        const auto bytes = readBytes(file);
        const FilmHeader fromMemory = readFilmHeaderFromMemory(bytes.data(), bytes.size(), file);
        QCOMPARE(fromMemory.width, film.width);
        QCOMPARE(fromMemory.height, film.height);
        compareMetadata(fromMemory.meta, film.meta);
    }

    /// Either a header or one BadInput sentence naming `name`; when the header fails, loadFilm fails with
    /// the same sentence.
    static void headerShouldReadOrFailLikeLoadFilm(const std::uint8_t* data, std::size_t size,
                                                   const std::string& name) {
        std::string headerError;
        try {
            readFilmHeaderFromMemory(data, size, name);
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            headerError = e.what();
            QVERIFY2(headerError.rfind(name, 0) == 0, headerError.c_str());
            QVERIFY2(headerError.find('\n') == std::string::npos, headerError.c_str());
        }
        if (headerError.empty())
            return;
        try {
            loadFilmFromMemory(data, size, name);
            QFAIL(
                qPrintable(QString::fromStdString("the header failed but the film loaded: " + headerError)));
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), headerError);
        }
    }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }

    void writerOutput_headerShouldEqualFullLoad_data() {
        QTest::addColumn<int>("syntax");
        QTest::addColumn<bool>("dx");
        QTest::addColumn<bool>("monochrome1");
        QTest::addColumn<int>("bits");
        QTest::newRow("explicitCr12bit_ShouldMatch")
            << int(TransferSyntax::ExplicitLittleEndian) << false << false << 12;
        QTest::newRow("explicitDxMonochrome1_ShouldMatch")
            << int(TransferSyntax::ExplicitLittleEndian) << true << true << 16;
        QTest::newRow("implicit_ShouldMatch")
            << int(TransferSyntax::ImplicitLittleEndian) << false << false << 12;
        QTest::newRow("bigEndian_ShouldMatch")
            << int(TransferSyntax::ExplicitBigEndian) << true << false << 12;
        QTest::newRow("deflate_ShouldMatch")
            << int(TransferSyntax::DeflatedLittleEndian) << false << true << 12;
        QTest::newRow("jpegBaseline_ShouldMatch") << int(TransferSyntax::JpegBaseline) << false << false << 8;
        QTest::newRow("jpegLossless_ShouldMatch") << int(TransferSyntax::JpegLossless) << true << false << 16;
        QTest::newRow("jpegLs_ShouldMatch") << int(TransferSyntax::JpegLsLossless) << false << false << 12;
        QTest::newRow("jpegLsNear_ShouldMatch")
            << int(TransferSyntax::JpegLsNearLossless) << false << true << 12;
        QTest::newRow("rle_ShouldMatch") << int(TransferSyntax::RleLossless) << true << false << 12;
    }
    void writerOutput_headerShouldEqualFullLoad() {
        QFETCH(int, syntax);
        QFETCH(bool, dx);
        QFETCH(bool, monochrome1);
        QFETCH(int, bits);
        DicomWriteOptions o;
        o.transferSyntax = TransferSyntax(syntax);
        o.sopClass = dx ? DicomSopClass::DigitalXRay : DicomSopClass::ComputedRadiography;
        o.monochrome1 = monochrome1;
        o.bitsStored = bits;
        o.window = Window{double(1u << (bits - 1)), double(1u << (bits - 2))};
        o.pixelSpacingMm = std::make_pair(0.1, 0.1);
        o.metadata.patientName = "M\xC3\xBCller^J\xC3\xBCrgen";  // UTF-8 (ISO_IR 192)
        o.metadata.patientId = "HDR-1";
        o.metadata.patientSex = "F";
        o.metadata.birthDate = "20150607";
        o.metadata.studyDate = "20240102";
        o.metadata.bodyPart = "HAND";
        o.metadata.laterality = "L";
        o.metadata.accessionNumber = "ACC-77";
        o.metadata.studyDescription = "XR HAND LEFT";
        const std::string file = path(std::string(QTest::currentDataTag()) + ".dcm");
        writeDicom(file, kWidth, kHeight, pattern(kWidth, kHeight, (1u << bits) - 1u), o);
        headerShouldEqualFullLoad(file);
        QCOMPARE(readFilmHeader(file).meta.patientName, o.metadata.patientName);
        QCOMPARE(readFilmHeader(file).meta.accessionNumber, o.metadata.accessionNumber);
        QCOMPARE(readFilmHeader(file).meta.studyDescription, o.metadata.studyDescription);
    }

    void dcmtkCorpus_headerShouldEqualFullLoad_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("bits");
        for (const auto& row : testsupport::dicomCorpusConversions(
                 BONEAGE_DCMCONV, BONEAGE_DCMCJPEG, BONEAGE_DCMCJPLS, BONEAGE_DCMCRLE, BONEAGE_IMG2DCM)) {
            QTest::newRow(qPrintable(row.name.left(row.name.indexOf("_Should")) + "_headerShouldMatch"))
                << row.tool << row.options << row.bits;
        }
    }
    void dcmtkCorpus_headerShouldEqualFullLoad() {
        QFETCH(QString, tool);
        QFETCH(QStringList, options);
        QFETCH(int, bits);
        QString input;
        if (tool.endsWith("img2dcm")) {
            std::vector<std::uint8_t> grey(std::size_t(kWidth) * kHeight);
            for (std::size_t i = 0; i < grey.size(); ++i)
                grey[i] = std::uint8_t(i * 7 % 251);
            input = QString::fromStdString(path("input.jpg"));
            QVERIFY(cv::imwrite(input.toStdString(), cv::Mat(kHeight, kWidth, CV_8UC1, grey.data())));
        } else {
            input = QString::fromStdString(path("original_" + std::to_string(bits) + "bit.dcm"));
            DicomWriteOptions o;
            o.bitsStored = bits;
            o.metadata.patientId = "CORPUS";
            o.metadata.patientSex = "M";
            writeDicom(input.toStdString(), kWidth, kHeight, pattern(kWidth, kHeight, (1u << bits) - 1u), o);
        }
        const QString output = QString::fromStdString(path(QTest::currentDataTag())) + ".dcm";
        const QString failure = runTool(tool, options + QStringList{input, output});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        headerShouldEqualFullLoad(output.toStdString());
    }

    void codecFilms_headerShouldEqualFullLoad_data() {
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<QString>("syntax");
        QTest::newRow("jpeg2000Lossless_headerShouldMatch") << "MONOCHROME2"
                                                            << "1.2.840.10008.1.2.4.90";
        QTest::newRow("jpeg2000Lossy_headerShouldMatch") << "MONOCHROME2"
                                                         << "1.2.840.10008.1.2.4.91";
        QTest::newRow("jpeg2000Colour_headerShouldMatch") << "YBR_RCT"
                                                          << "1.2.840.10008.1.2.4.90";
        QTest::newRow("rgb_headerShouldMatch") << "RGB"
                                               << "";
        QTest::newRow("palette_headerShouldMatch") << "PALETTE COLOR"
                                                   << "";
    }
    void codecFilms_headerShouldEqualFullLoad() {
        QFETCH(QString, photometric);
        QFETCH(QString, syntax);
        testing::PixelModule module;
        module.columns = 64;
        module.rows = 48;
        module.photometric = photometric.toStdString();
        module.samples = photometric == "PALETTE COLOR" || photometric.startsWith("MONO") ? 1 : 3;
        std::vector<std::uint16_t> samples(std::size_t(64 * 48 * module.samples));
        for (std::size_t i = 0; i < samples.size(); ++i)
            samples[i] = std::uint16_t((i * 37) % 256);
        const std::string file = path(std::string(QTest::currentDataTag()) + ".dcm");
        if (!syntax.isEmpty()) {
            const bool lossless = syntax.endsWith(".90");
            testing::writeEncapsulatedFilm(
                file, module, syntax.toStdString(),
                {testing::encodeJpeg2000(64, 48, module.samples, 8, samples, lossless, module.samples == 3)});
        } else if (photometric == "PALETTE COLOR") {
            testing::PaletteTables palette;
            palette.bits = 8;
            for (int i = 0; i < 256; ++i) {
                palette.red.push_back(std::uint16_t(i));
                palette.green.push_back(std::uint16_t(255 - i));
                palette.blue.push_back(std::uint16_t(i / 2));
            }
            testing::writeNativeFilm(file, module, samples, "1.2.840.10008.1.2.1", &palette);
        } else {
            testing::writeNativeFilm(file, module, samples);
        }
        headerShouldEqualFullLoad(file);
        QCOMPARE(readFilmHeader(file).meta.photometric, module.photometric);
    }

    // Files this project did not write (pydicom's test files, dicom3tools' example): a film that loads has
    // the header of its full load; a header that fails says what loadFilm says.
    void externalCorpus_headerShouldEqualFullLoadOrFailLikeIt() {
        int loaded = 0, checked = 0;
        for (const QString& dir : QString(BONEAGE_EXTERNAL_DICOM_DIRS).split('|', Qt::SkipEmptyParts)) {
            QDirIterator it(dir, {"*.dcm"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const std::string file = it.next().toStdString();
                const auto bytes = readBytes(file);
                headerShouldReadOrFailLikeLoadFilm(bytes.data(), bytes.size(), file);
                ++checked;
                try {
                    loadFilm(file);
                } catch (const Error&) {
                    continue;
                }
                headerShouldEqualFullLoad(file);
                ++loaded;
            }
        }
        QVERIFY2(checked >= 80, "the external DICOM corpus is missing: run packaging/install-deps.sh");
        qInfo("%d external files: %d loaded, their headers equal", checked, loaded);
    }

    void raster_headerShouldEqualFullLoad_data() {
        QTest::addColumn<QString>("encoder");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("orientation");
        QTest::newRow("png8_ShouldMatch") << ".png" << CV_8U << 0;
        QTest::newRow("png16_ShouldMatch") << ".png" << CV_16U << 0;
        QTest::newRow("jpeg_ShouldMatch") << ".jpg" << CV_8U << 0;
        QTest::newRow("jpegExifRotated90_ShouldSwapSidesLikeTheDecoder") << ".jpg" << CV_8U << 6;
        QTest::newRow("jpegExifMirrored_ShouldKeepSides") << ".jpg" << CV_8U << 2;
        QTest::newRow("pngExifRotated270_ShouldSwapSidesLikeTheDecoder") << ".png" << CV_8U << 8;
    }
    void raster_headerShouldEqualFullLoad() {
        QFETCH(QString, encoder);
        QFETCH(int, depth);
        QFETCH(int, orientation);
        const auto values = pattern(kWidth, kHeight, depth == CV_16U ? 65535 : 255);
        cv::Mat image(kHeight, kWidth, depth);
        for (int y = 0; y < kHeight; ++y) {
            for (int x = 0; x < kWidth; ++x) {
                const std::uint16_t v = values[std::size_t(y) * kWidth + std::size_t(x)];
                if (depth == CV_16U)
                    image.at<std::uint16_t>(y, x) = v;
                else
                    image.at<std::uint8_t>(y, x) = std::uint8_t(v);
            }
        }
        std::vector<std::uint8_t> bytes;
        QVERIFY(cv::imencode(encoder.toStdString(), image, bytes));
        if (orientation && encoder == ".jpg") {  // an APP1 "Exif" segment right after SOI
            std::vector<std::uint8_t> app1{0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
            const auto tiff = exifOrientation(orientation);
            app1.insert(app1.end(), tiff.begin(), tiff.end());
            app1[2] = std::uint8_t((app1.size() - 2) >> 8);
            app1[3] = std::uint8_t(app1.size() - 2);
            bytes.insert(bytes.begin() + 2, app1.begin(), app1.end());
        } else if (orientation) {  // an eXIf chunk right after IHDR
            const auto tiff = exifOrientation(orientation);
            std::vector<std::uint8_t> chunk;
            putBe32(chunk, std::uint32_t(tiff.size()));
            chunk.insert(chunk.end(), {'e', 'X', 'I', 'f'});
            chunk.insert(chunk.end(), tiff.begin(), tiff.end());
            putBe32(chunk, crc32(chunk.data() + 4, chunk.size() - 4));
            bytes.insert(bytes.begin() + 33, chunk.begin(), chunk.end());
        }
        const std::string file = path(std::string(QTest::currentDataTag()) + encoder.toStdString());
        writeBytes(file, bytes);
        headerShouldEqualFullLoad(file);
        const bool turned = orientation >= 5;
        QCOMPARE(readFilmHeader(file).width, turned ? kHeight : kWidth);
    }

    // A header longer than the first read (a 300 KB private element before the pixels): the read grows.
    void headerLongerThanFirstRead_ShouldGrowTheReadAndMatch() {
        const std::string base = path("long_header_base.dcm");
        DicomWriteOptions o;
        o.metadata.patientId = "LONG";
        writeDicom(base, kWidth, kHeight, pattern(kWidth, kHeight, 4095), o);
        auto bytes = readBytes(base);
        const std::uint8_t pixelTag[] = {0xE0, 0x7F, 0x10, 0x00, 'O', 'W'};
        const auto at = std::search(bytes.begin(), bytes.end(), std::begin(pixelTag), std::end(pixelTag));
        QVERIFY(at != bytes.end());
        std::vector<std::uint8_t> block{0x29, 0x00, 0x10, 0x00, 'L', 'O', 12, 0};
        const char creator[] = "BONEAGE TEST";
        block.insert(block.end(), creator, creator + 12);
        const std::uint32_t length = 300000;
        block.insert(block.end(), {0x29, 0x00, 0x00, 0x10, 'O', 'B', 0, 0});
        for (int shift : {0, 8, 16, 24})
            block.push_back(std::uint8_t(length >> shift));
        block.resize(block.size() + length, 0x5A);
        bytes.insert(at, block.begin(), block.end());
        const std::string file = path("long_header.dcm");
        writeBytes(file, bytes);
        headerShouldEqualFullLoad(file);
        QCOMPARE(readFilmHeader(file).meta.patientId, std::string("LONG"));
    }

    // The pixels are neither decoded nor read: a film with broken pixel data has a header, and reading
    // the header of a 10 MB film reads a small part of it.
    void header_ShouldNotReadOrDecodeThePixels() {
        const int w = 2048, h = 2560;
        const std::string file = path("full_size.dcm");
        DicomWriteOptions o;
        o.metadata.patientId = "BIG";
        writeDicom(file, w, h, pattern(w, h, 4095), o);
        const std::uint64_t before = bytesReadSoFar();
        const FilmHeader header = readFilmHeader(file);
        const std::uint64_t read = bytesReadSoFar() - before;
        QCOMPARE(header.width, w);
        QCOMPARE(header.height, h);
        QVERIFY2(read < 1024 * 1024, qPrintable(QString("read %1 bytes of a 10 MB film").arg(read)));

        auto bytes = readBytes(file);
        bytes.resize(bytes.size() / 2);  // the pixel data cut in half
        const std::string cut = path("pixels_cut.dcm");
        writeBytes(cut, bytes);
        QCOMPARE(readFilmHeader(cut).meta.patientId, std::string("BIG"));
        try {
            loadFilm(cut);
            QFAIL("a film with half its pixels loaded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("truncated"), e.what());
        }
    }

    void malformedCorpus_ShouldGiveOneSentenceOrTheHeader_data() {
        QTest::addColumn<int>("index");
        const auto films = testing::malformedFilms();
        for (std::size_t i = 0; i < films.size(); ++i)
            QTest::newRow(films[i].fileName.c_str()) << int(i);
    }
    void malformedCorpus_ShouldGiveOneSentenceOrTheHeader() {
        QFETCH(int, index);
        const auto film = testing::malformedFilms()[std::size_t(index)];
        headerShouldReadOrFailLikeLoadFilm(film.bytes.data(), film.bytes.size(), film.fileName);
        // From disk too (the growing read): the same answer.
        const std::string file = path(film.fileName);
        writeBytes(file, film.bytes);
        std::string fromMemory, fromDisk;
        try {
            readFilmHeaderFromMemory(film.bytes.data(), film.bytes.size(), file);
        } catch (const Error& e) {
            fromMemory = e.what();
        }
        try {
            readFilmHeader(file);
        } catch (const Error& e) {
            fromDisk = e.what();
        }
        QCOMPARE(fromDisk, fromMemory);
    }

    void everyTruncation_ShouldFailBeforeThePixelTagAndReadAfterIt() {
        const auto valid = testing::validBaselineFilm();
        const FilmHeader whole = readFilmHeaderFromMemory(valid.data(), valid.size(), "whole.dcm");
        const std::uint8_t pixelTag[] = {0xE0, 0x7F, 0x10, 0x00};
        const std::size_t pixelAt =
            std::size_t(std::search(valid.begin(), valid.end(), std::begin(pixelTag), std::end(pixelTag)) -
                        valid.begin());
        QVERIFY(pixelAt < valid.size());
        for (std::size_t n = 0; n <= valid.size(); n += (n < pixelAt + 64 ? 1 : 97)) {
            headerShouldReadOrFailLikeLoadFilm(valid.data(), n, "cut.dcm");
            bool read = true;
            try {
                const FilmHeader header = readFilmHeaderFromMemory(valid.data(), n, "cut.dcm");
                QCOMPARE(header.width, whole.width);
                compareMetadata(header.meta, whole.meta);
            } catch (const Error&) {
                read = false;
            }
            // The baseline is explicit VR little endian: tag, "OW", 2 reserved bytes and a 32-bit length.
            if (n < pixelAt + 12)
                QVERIFY2(!read, qPrintable(QString("a film cut at %1 bytes has a header").arg(n)));
            else
                QVERIFY2(read, qPrintable(QString("a film cut at %1 bytes has no header").arg(n)));
        }
    }

    void missingFileAndDirectory_ShouldFailLikeLoadFilm() {
        for (const std::string& file : {path("does_not_exist.dcm"), m_dir, path("empty.dcm")}) {
            if (file == path("empty.dcm"))
                writeBytes(file, {});
            std::string headerError, loadError;
            try {
                readFilmHeader(file);
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::BadInput);
                headerError = e.what();
            }
            try {
                loadFilm(file);
            } catch (const Error& e) {
                loadError = e.what();
            }
            QVERIFY(!headerError.empty());
            QCOMPARE(headerError, loadError);
        }
    }
};

QTEST_GUILESS_MAIN(TestFilmHeader)
#include "TestFilmHeader.moc"
