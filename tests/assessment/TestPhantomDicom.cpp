// writePhantomDicom: a MONOCHROME1 phantom and its MONOCHROME2 twin load as the same bone-bright film with
// the same window (the disagreement DemoCases once had with `boneage phantom`: it handed the writer stored,
// bone-dark values as if they were bone bright, so its MONOCHROME1 films showed inverted); the file keeps
// the phantom's stored values; the same film writes byte-identical files under 2.25 UIDs; dciodvfy finds
// no error in CR or DX; and the birth date gives the chronological age asked for.
#include "assessment/PhantomDicom.h"

#include "clinical/ChronologicalAge.h"
#include "imaging/FilmLoader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

using namespace boneage;

namespace {

phantom::PhantomSpec smallSpec(bool monochrome1) {
    phantom::PhantomSpec spec;
    spec.seed = 77;
    spec.sex = Sex::Female;
    spec.boneAgeMonths = 96;
    spec.chronologicalAgeMonths = 100;
    spec.width = 240;
    spec.height = 300;
    spec.pixelSpacingMm = 0.8;
    spec.monochrome1 = monochrome1;
    return spec;
}

const assessment::PhantomPatient kPatient{"TEST-1", "Test^Phantom", {2016, 5, 1}, {2024, 9, 1}};

QByteArray hashOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

}  // namespace

class TestPhantomDicom : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string path(const char* name) const {
        return m_dir.filePath(QString::fromLatin1(name)).toStdString();
    }

private Q_SLOTS:
    void monochrome1_ShouldLoadAsTheSameBoneBrightFilmAsMonochrome2() {
        const phantom::PhantomFilm m1 = phantom::renderPhantom(smallSpec(true));
        const phantom::PhantomFilm m2 = phantom::renderPhantom(smallSpec(false));
        assessment::writePhantomDicom(path("m1.dcm"), m1, kPatient);
        assessment::writePhantomDicom(path("m2.dcm"), m2, kPatient);
        const imaging::Film a = imaging::loadFilm(path("m1.dcm"));
        const imaging::Film b = imaging::loadFilm(path("m2.dcm"));
        QCOMPARE(a.meta.photometric, std::string("MONOCHROME1"));
        QCOMPARE(b.meta.photometric, std::string("MONOCHROME2"));
        QCOMPARE(a.pixels, b.pixels);
        QVERIFY(a.defaultWindow && b.defaultWindow);
        QVERIFY(std::abs(a.defaultWindow->centre - b.defaultWindow->centre) < 1e-6);
        QCOMPARE(a.defaultWindow->width, b.defaultWindow->width);
        // Bone bright: the loaded values are the MONOCHROME2 phantom's stored values.
        for (std::size_t i = 0; i < b.pixels.size(); i += 97)
            QCOMPARE(b.pixels[i], float(m2.pixels[i]));
        QVERIFY(std::abs(b.defaultWindow->centre - m2.windowCenter) < 1e-6);

        // The MONOCHROME1 file stores the phantom's own (bone-dark) values.
        DcmFileFormat file;
        QVERIFY(file.loadFile(path("m1.dcm").c_str()).good());
        const Uint16* stored = nullptr;
        unsigned long count = 0;
        QVERIFY(file.getDataset()->findAndGetUint16Array(DCM_PixelData, stored, &count).good());
        QCOMPARE(std::size_t(count), m1.pixels.size());
        for (std::size_t i = 0; i < count; i += 97)
            QCOMPARE(stored[i], m1.pixels[i]);
    }

    void sameFilm_ShouldWriteByteIdenticalFilesUnderTheProjectRoot() {
        const phantom::PhantomFilm film = phantom::renderPhantom(smallSpec(false));
        assessment::writePhantomDicom(path("a.dcm"), film, kPatient);
        assessment::writePhantomDicom(path("b.dcm"), film, kPatient);
        QCOMPARE(hashOf(QString::fromStdString(path("a.dcm"))),
                 hashOf(QString::fromStdString(path("b.dcm"))));
        const imaging::Film loaded = imaging::loadFilm(path("a.dcm"));
        for (const std::string& uid :
             {loaded.meta.studyInstanceUid, loaded.meta.seriesInstanceUid, loaded.meta.sopInstanceUid})
            QVERIFY2(uid.rfind("2.25.", 0) == 0, uid.c_str());
        QVERIFY(loaded.meta.studyInstanceUid != loaded.meta.sopInstanceUid);
        QCOMPARE(loaded.meta.patientSex, std::string("F"));
        QCOMPARE(loaded.meta.birthDate, std::string("20160501"));

        phantom::PhantomSpec other = smallSpec(false);
        other.seed = 78;
        assessment::writePhantomDicom(path("c.dcm"), phantom::renderPhantom(other), kPatient);
        QVERIFY(imaging::loadFilm(path("c.dcm")).meta.sopInstanceUid != loaded.meta.sopInstanceUid);
    }

    void crAndDx_ShouldPassDciodvfy_data() {
        QTest::addColumn<int>("sopClass");
        QTest::addColumn<bool>("monochrome1");
        QTest::newRow("cr_noErrors") << int(imaging::DicomSopClass::ComputedRadiography) << false;
        QTest::newRow("crMonochrome1_noErrors") << int(imaging::DicomSopClass::ComputedRadiography) << true;
        QTest::newRow("dx_noErrors") << int(imaging::DicomSopClass::DigitalXRay) << false;
        QTest::newRow("dxMonochrome1_noErrors") << int(imaging::DicomSopClass::DigitalXRay) << true;
    }
    void crAndDx_ShouldPassDciodvfy() {
        QFETCH(int, sopClass);
        QFETCH(bool, monochrome1);
        assessment::PhantomDicomOptions options;
        options.sopClass = imaging::DicomSopClass(sopClass);
        const std::string file = path("iod.dcm");
        assessment::writePhantomDicom(file, phantom::renderPhantom(smallSpec(monochrome1)), kPatient,
                                      options);
        QProcess iod;
        iod.setProcessChannelMode(QProcess::MergedChannels);
        iod.start(QStringLiteral("dciodvfy"), {QString::fromStdString(file)});
        QVERIFY2(iod.waitForFinished(60000),
                 "dciodvfy did not finish (dicom3tools is installed by install-deps)");
        const QString output = QString::fromLocal8Bit(iod.readAll());
        QVERIFY2(!output.contains(QStringLiteral("Error")), qPrintable(output));
    }

    void birthDateForAge_ShouldGiveTheAskedChronologicalAge_data() {
        QTest::addColumn<double>("months");
        QTest::newRow("oneYear") << 12.0;
        QTest::newRow("fiveYearsTwoMonths") << 62.0;
        QTest::newRow("fractional") << 100.37;
        QTest::newRow("eighteenYears") << 216.0;
    }
    void birthDateForAge_ShouldGiveTheAskedChronologicalAge() {
        QFETCH(double, months);
        const clinical::Date study{2026, 1, 15};
        const clinical::Date birth = assessment::birthDateForAge(months, study);
        QVERIFY(std::abs(clinical::chronologicalAgeMonths(birth, study) - months) <= 0.02);
    }
};

QTEST_GUILESS_MAIN(TestPhantomDicom)
#include "TestPhantomDicom.moc"
