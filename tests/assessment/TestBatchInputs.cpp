// collectBatchInputs: what a batch run scores from folders, RSNA-layout sets and DICOMDIRs; shards.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "assessment/BatchInputs.h"
#include "common/Error.h"
#include "imaging/FilmWriter.h"

using boneage::Error;
using boneage::ErrorCode;
using boneage::Sex;
using namespace boneage::assessment;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

/// A small DICOM CR film with the identification a DICOMDIR needs.
void writeDicomFilm(const QString& path, const char* patientId) {
    QDir().mkpath(QFileInfo(path).path());
    boneage::imaging::DicomWriteOptions options;
    options.metadata.patientId = patientId;
    options.metadata.patientName = "Phantom^Test";
    options.metadata.patientSex = "F";
    options.metadata.studyDate = "20260115";
    std::vector<std::uint16_t> pixels(64 * 64);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = std::uint16_t(i % 4096);
    boneage::imaging::writeDicom(path.toStdString(), 64, 64, pixels, options);
}

std::vector<std::string> keysOf(const std::vector<BatchInput>& inputs) {
    std::vector<std::string> keys;
    for (const BatchInput& input : inputs)
        keys.push_back(input.key);
    return keys;
}

std::vector<std::string> collect(const QStringList& sources) {
    std::vector<std::string> list;
    for (const QString& s : sources)
        list.push_back(s.toStdString());
    return keysOf(collectBatchInputs(list));
}

/// Makes <dir>/DICOMDIR over the films under <dir>/<folder> with DCMTK's dcmmkdir.
void makeDicomDirectory(const QString& dir, const QString& folder) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QStringLiteral(BONEAGE_DCMMKDIR), {"+I", "+r", "-Nxc", "-Nec", "-Nrc", folder});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QVERIFY(QFile::exists(dir + "/DICOMDIR"));
}

}  // namespace

class TestBatchInputs : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& relative) const { return m_dir.filePath(relative); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void folder_isSearchedRecursively_forFilmsOnly() {
        writeFile(path("tree/b.png"), "x");
        writeFile(path("tree/sub/a.DCM"), "x");
        writeFile(path("tree/sub/deeper/c.jpeg"), "x");
        writeDicomFilm(path("tree/sub/IM000001"), "P1");  // no extension: recognised by its DICM preamble
        writeFile(path("tree/notes.txt"), "not a film");
        writeFile(path("tree/README"), "not a film either");
        writeFile(path("tree/.hidden/d.png"), "x");
        writeFile(path("tree/._b.png"), "x");  // a macOS resource fork
        const QString tree = path("tree");
        const std::vector<std::string> expected = {
            (tree + "/b.png").toStdString(), (tree + "/sub/IM000001").toStdString(),
            (tree + "/sub/a.DCM").toStdString(), (tree + "/sub/deeper/c.jpeg").toStdString()};
        QCOMPARE(collect({tree}), expected);
    }

    void rsnaSet_takesItsLabelledFilms_withSexAndBoneAge() {
        writeFile(path("set/images/1.png"), "x");
        writeFile(path("set/images/2.png"), "x");
        writeFile(path("set/images/3.png"), "x");  // not in the labels: not part of the set
        writeFile(path("set/masks/1.png"), "x");   // a phantom set's masks are not films
        writeFile(path("set/labels.csv"),
                  "id,boneage,male\n"
                  "2,36.5,False\n"
                  "9,50,True\n"
                  "1,120,True\n");
        const auto inputs = collectBatchInputs({path("set").toStdString()});
        QCOMPARE(inputs.size(), std::size_t(3));
        QCOMPARE(inputs[0].key, path("set/images/1.png").toStdString());
        QCOMPARE(inputs[0].sex, std::optional<Sex>(Sex::Male));
        QCOMPARE(inputs[0].referenceMonths, std::optional<double>(120));
        QVERIFY(inputs[0].problem.empty());
        QCOMPARE(inputs[1].sex, std::optional<Sex>(Sex::Female));
        // the row without an image is an input of its own, so the results account for it
        QCOMPARE(inputs[2].key, path("set/labels.csv").toStdString() + ":3");
        QVERIFY(inputs[2].problem.find("no image 9") != std::string::npos);
    }

    void dicomDirectory_isReadThroughIt_namesMatchedWithoutCase() {
        writeDicomFilm(path("cd/DICOM/IM1"), "P1");
        writeDicomFilm(path("cd/DICOM/IM2"), "P2");
        makeDicomDirectory(path("cd"), "DICOM");
        writeDicomFilm(path("cd/DICOM/IM3"), "P3");  // on the disk, not in the DICOMDIR: not listed
        writeFile(path("cd/VIEWER.PNG"), "x");       // media extras are not films
        // copied from FAT media onto a case-sensitive disk: the folder's name changed case
        QVERIFY(QDir().rename(path("cd/DICOM"), path("cd/dicom")));
        const std::vector<std::string> expected = {path("cd/dicom/IM1").toStdString(),
                                                   path("cd/dicom/IM2").toStdString()};
        QCOMPARE(collect({path("cd")}), expected);
        QCOMPARE(collect({path("cd/DICOMDIR")}), expected);
    }

    void damagedDicomDirectory_isAnInputWithItsProblem() {
        writeFile(path("broken/DICOMDIR"), QByteArray(200, 'x'));
        const auto inputs = collectBatchInputs({path("broken").toStdString()});
        QCOMPARE(inputs.size(), std::size_t(1));
        QCOMPARE(inputs[0].key, path("broken/DICOMDIR").toStdString());
        QVERIFY(!inputs[0].problem.empty());
    }

    void fileNamedTwice_isOneInput_fileSourceTakenWhateverItsName() {
        writeFile(path("twice/x.png"), "x");
        writeFile(path("twice/film.raw"), "x");
        QCOMPARE(collect({path("twice"), path("twice/x.png"), path("twice/./x.png"), path("twice/film.raw")}),
                 (std::vector<std::string>{path("twice/film.raw").toStdString(),
                                           path("twice/x.png").toStdString()}));
    }

    void missingSource_isBadInput() {
        try {
            collectBatchInputs({path("nowhere").toStdString()});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY(std::string(e.what()).find("nowhere") != std::string::npos);
        }
    }

    void shards_partitionTheInputs_inTurn() {
        std::vector<BatchInput> inputs;
        for (char c = 'a'; c <= 'j'; ++c)
            inputs.push_back({std::string(1, c), std::nullopt, std::nullopt, {}});
        std::vector<std::string> all;
        for (int k = 1; k <= 4; ++k) {
            const auto shard = keysOf(selectShard(inputs, {k, 4}));
            QCOMPARE(shard.size(), std::size_t(k <= 2 ? 3 : 2));
            QCOMPARE(shard.front(), std::string(1, char('a' + k - 1)));
            all.insert(all.end(), shard.begin(), shard.end());
        }
        std::sort(all.begin(), all.end());
        QCOMPARE(all, keysOf(inputs));
        QCOMPARE(keysOf(selectShard(inputs, {1, 1})), keysOf(inputs));
        QCOMPARE(inputsDigest(selectShard(inputs, {1, 1})), inputsDigest(inputs));
        QVERIFY(inputsDigest(selectShard(inputs, {1, 4})) != inputsDigest(inputs));
    }

    void shardSpec_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("index");  // 0: rejected
        QTest::addColumn<int>("count");
        QTest::newRow("oneOfOne_isAccepted") << "1/1" << 1 << 1;
        QTest::newRow("lastOfFour_isAccepted") << "4/4" << 4 << 4;
        QTest::newRow("zeroBased_isRejected") << "0/4" << 0 << 0;
        QTest::newRow("pastTheCount_isRejected") << "5/4" << 0 << 0;
        QTest::newRow("noCount_isRejected") << "1/" << 0 << 0;
        QTest::newRow("noIndex_isRejected") << "/4" << 0 << 0;
        QTest::newRow("zeroCount_isRejected") << "1/0" << 0 << 0;
        QTest::newRow("negative_isRejected") << "-1/4" << 0 << 0;
        QTest::newRow("letters_areRejected") << "a/b" << 0 << 0;
        QTest::newRow("threeParts_areRejected") << "1/4/2" << 0 << 0;
        QTest::newRow("spaces_areRejected") << " 1/4" << 0 << 0;
    }
    void shardSpec() {
        QFETCH(QString, text);
        QFETCH(int, index);
        QFETCH(int, count);
        const auto spec = parseShardSpec(text.toStdString());
        QCOMPARE(spec.has_value(), index > 0);
        if (spec) {
            QCOMPARE(spec->index, index);
            QCOMPARE(spec->count, count);
        }
    }
};

QTEST_GUILESS_MAIN(TestBatchInputs)
#include "TestBatchInputs.moc"
