// DICOM files this project did not write (BONEAGE_EXTERNAL_DICOM_DIRS: pydicom's test files from Debian's
// python3-pydicom, dicom3tools' example): every one is read, or refused with one sentence naming it; the
// JPEG 2000 and colour ones are read; re-encodings of one image decode to the same pixels.
#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <QDirIterator>
#include <QTest>

#include <cmath>
#include <map>

using namespace boneage;
using namespace boneage::imaging;

namespace {

QStringList externalFiles() {
    QStringList files;
    for (const QString& dir : QString(BONEAGE_EXTERNAL_DICOM_DIRS).split('|', Qt::SkipEmptyParts)) {
        QDirIterator it(dir, {"*.dcm"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
    }
    files.sort();
    return files;
}

QString findFile(const QString& fileName) {
    for (const QString& path : externalFiles()) {
        if (QFileInfo(path).fileName() == fileName)
            return path;
    }
    return {};
}

}  // namespace

class TestExternalCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // The corpus comes from Debian packages packaging/install-deps.sh installs; without it this test
        // would prove nothing.
        QVERIFY2(externalFiles().size() >= 80,
                 "the external DICOM corpus is missing: run packaging/install-deps.sh (python3-pydicom)");
    }

    void everyFile_ShouldBeReadOrRefusedWithOneSentence() {
        int read = 0, refused = 0;
        std::map<std::string, int> causes;
        for (const QString& path : externalFiles()) {
            const QString name = QFileInfo(path).fileName();
            try {
                const Film film = loadFilm(path.toStdString());
                QCOMPARE(film.pixels.size(), std::size_t(film.width) * std::size_t(film.height));
                for (const float v : film.pixels)
                    QVERIFY2(std::isfinite(v), qPrintable(name));
                ++read;
                qInfo("read     %-45s %dx%d %s%s", qPrintable(name), film.width, film.height,
                      film.meta.transferSyntaxUid.c_str(),
                      film.warnings.empty() ? "" : " (colour read as grey)");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::BadInput);
                const QString message = QString::fromStdString(e.what());
                QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
                QVERIFY2(!message.contains('\n') && message.endsWith('.'), qPrintable(message));
                QVERIFY2(message.size() > path.size() + 8, qPrintable(message));
                ++refused;
                ++causes[e.cause()];
                qInfo("refused  %-45s %s", qPrintable(name), e.cause().c_str());
            }
        }
        qInfo("%d files: %d read, %d refused with one sentence (%zu distinct causes)", read + refused, read,
              refused, causes.size());
    }

    void jpeg2000AndColourFiles_ShouldBeRead_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<bool>("colour");
        for (const char* f :
             {"MR_small_jp2klossless.dcm", "JPEG2000.dcm", "693_J2KI.dcm", "J2K_pixelrep_mismatch.dcm"}) {
            QTest::newRow(qPrintable(QString(f) + "_ShouldBeRead")) << QString(f) << false;
        }
        for (const char* f : {"GDCMJ2K_TextGBR.dcm", "SC_rgb_gdcm_KY.dcm", "SC_ybr_full_422_uncompressed.dcm",
                              "SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm", "SC_rgb_jpeg_gdcm.dcm",
                              "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_jpeg_dcmd.dcm", "ExplVR_BigEnd.dcm"}) {
            QTest::newRow(qPrintable(QString(f) + "_ShouldBeReadAsGrey")) << QString(f) << true;
        }
    }
    void jpeg2000AndColourFiles_ShouldBeRead() {
        QFETCH(QString, fileName);
        QFETCH(bool, colour);
        const QString path = findFile(fileName);
        QVERIFY2(!path.isEmpty(), qPrintable(fileName + " is not in the corpus"));
        const Film film = loadFilm(path.toStdString());
        QVERIFY(film.maxValue > film.minValue);
        QCOMPARE(film.warnings.size(), std::size_t(colour ? 1 : 0));
    }

    // One image in many encodings (pydicom's MR_small and SC_rgb families): the same pixels each time.
    // pydicom's copy of JPEG2000.dcm whose codestream has the bytes of a sequence delimiter written over its
    // image size: refused by the codestream's own header, not decoded into a wrong image.
    void codestreamWithOverwrittenSize_ShouldBeRefused() {
        const QString path = findFile("JPEG2000-embedded-sequence-delimiter.dcm");
        QVERIFY(!path.isEmpty());
        try {
            loadFilm(path.toStdString());
            QFAIL("a codestream whose size was overwritten decoded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("cannot decode the JPEG 2000 pixel data"), e.what());
        }
    }

    void reencodings_ShouldDecodeToTheSamePixels_data() {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("other");
        QTest::addColumn<double>("tolerance");
        for (const char* f :
             {"MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm",
              "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_padded.dcm"}) {
            QTest::newRow(qPrintable(QString(f) + "_ShouldMatchMRSmallBitForBit"))
                << "MR_small.dcm" << f << 0.0;
        }
        QTest::newRow("SC_rgb_jpeg_gdcm_ShouldMatchSC_rgb_rle") << "SC_rgb_rle.dcm"
                                                                << "SC_rgb_jpeg_gdcm.dcm" << 0.0;
        QTest::newRow("SC_rgb_gdcm_KY_jpeg2000_ShouldMatchSC_rgb_rleWithinLossyTolerance")
            << "SC_rgb_rle.dcm"
            << "SC_rgb_gdcm_KY.dcm" << 16.0;
        QTest::newRow("SC_ybr_full_422_uncompressed_ShouldMatchSC_rgb_rleWithinRounding")
            << "SC_rgb_rle.dcm"
            << "SC_ybr_full_422_uncompressed.dcm" << 2.0;
    }
    void reencodings_ShouldDecodeToTheSamePixels() {
        QFETCH(QString, reference);
        QFETCH(QString, other);
        QFETCH(double, tolerance);
        const Film a = loadFilm(findFile(reference).toStdString());
        const Film b = loadFilm(findFile(other).toStdString());
        QCOMPARE(b.width, a.width);
        QCOMPARE(b.height, a.height);
        double worst = 0;
        for (std::size_t i = 0; i < a.pixels.size(); ++i)
            worst = std::max(worst, std::abs(double(a.pixels[i]) - double(b.pixels[i])));
        QVERIFY2(worst <= tolerance, qPrintable(QString("max difference %1 > %2").arg(worst).arg(tolerance)));
    }
};

QTEST_GUILESS_MAIN(TestExternalCorpus)
#include "TestExternalCorpus.moc"
