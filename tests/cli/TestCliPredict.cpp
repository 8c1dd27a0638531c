// `boneage predict` on a DICOM and a PNG film with the full seed network (random weights, CPU): every key of
// the CLI contract is printed with the right type, and sex/date handling follows the contract. With the
// format 2 test packages (their input checks rigged): a film read as a turned right hand says so in two
// warnings and prints the interval; a film that is not a hand exits 3 with one sentence and no output.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"

class TestCliPredict : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_dicom, m_png;
    const QString m_fullModel = QStringLiteral(BONEAGE_TEST_MODELS "/full-random");
    const QString m_compactModel = QStringLiteral(BONEAGE_TEST_MODELS "/compact-random");

    QJsonObject predictJson(const QStringList& extra) {
        const CliRun run = runCli(
            QStringList{QStringLiteral("predict")} + extra + QStringList{QStringLiteral("--json")}, 300000);
        if (!run.finished || run.exitCode != 0) {
            qWarning().noquote() << "stderr:" << run.err;
            return {};
        }
        QJsonParseError error{};
        const auto doc = QJsonDocument::fromJson(run.out, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning().noquote() << "stdout is not JSON:" << run.out;
        return doc.object();
    }

    static void checkContract(const QJsonObject& json, const QString& file, const QString& sex) {
        const QStringList keys = {"file",
                                  "sex",
                                  "chronological_age_months",
                                  "bone_age_months",
                                  "bone_age_interval_months",
                                  "sd_months",
                                  "z_score",
                                  "verdict",
                                  "model",
                                  "device",
                                  "timings_ms",
                                  "warnings"};
        for (const QString& key : keys)
            QVERIFY2(json.contains(key), qPrintable("missing key " + key));
        QCOMPARE(json.value("file").toString(), file);
        QCOMPARE(json.value("sex").toString(), sex);
        QVERIFY(json.value("bone_age_months").isDouble());
        QVERIFY(json.value("bone_age_months").toDouble() >= 0.0);
        QVERIFY(QStringList({"delayed", "normal", "advanced", "unknown"})
                    .contains(json.value("verdict").toString()));
        const QJsonObject model = json.value("model").toObject();
        for (const char* key : {"name", "version", "sha256"})
            QVERIFY(!model.value(key).toString().isEmpty());
        QCOMPARE(model.value("sha256").toString().size(), 64);
        QCOMPARE(json.value("device").toString(), QStringLiteral("cpu"));
        const QJsonObject timings = json.value("timings_ms").toObject();
        for (const char* key : {"load", "preprocess", "inference", "gradcam"})
            QVERIFY(timings.contains(key));
        QVERIFY(timings.value("inference").toDouble() > 0.0);
        QVERIFY(json.value("warnings").isArray());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(m_fullModel + "/manifest.json"), "the random_models fixture did not run");
        for (const char* format : {"dicom", "png"}) {
            const QString out = m_dir.filePath(format);
            const CliRun run =
                runCli({"phantom", "--count", "1", "--seed", "11", "--format", format, "--out", out});
            QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
            const QStringList films = QDir(out + "/images").entryList(QDir::Files);
            QCOMPARE(films.size(), 1);
            (QLatin1String(format) == QLatin1String("dicom") ? m_dicom : m_png) =
                out + "/images/" + films.first();
        }
    }

    void dicom_fullNetwork_printsEveryContractKey() {
        const QJsonObject json = predictJson({m_dicom, "--model", m_fullModel, "--device", "cpu"});
        QVERIFY(!json.isEmpty());
        checkContract(json, m_dicom, json.value("sex").toString());
        // Sex and both dates come from the phantom's DICOM header.
        QVERIFY(json.value("sex").toString() == "M" || json.value("sex").toString() == "F");
        QVERIFY(json.value("chronological_age_months").isDouble());
        QVERIFY(json.value("sd_months").toDouble() > 0.0);
        QVERIFY(json.value("z_score").isDouble());
        QVERIFY(json.value("timings_ms").toObject().value("gradcam").isNull());  // not asked for
    }

    void png_withSexAndDates_printsEveryContractKey() {
        const QString overlay = m_dir.filePath("overlay.png");
        const QJsonObject json =
            predictJson({m_png, "--sex", "F", "--birth-date", "2014-03-31", "--study-date", "2024-03-31",
                         "--model", m_fullModel, "--device", "cpu", "--gradcam", overlay});
        QVERIFY(!json.isEmpty());
        checkContract(json, m_png, "F");
        QCOMPARE(json.value("chronological_age_months").toDouble(), 120.0);
        QVERIFY(json.value("timings_ms").toObject().value("gradcam").toDouble() > 0.0);
        QVERIFY(QFileInfo(overlay).size() > 1000);
        QVERIFY(!QFileInfo::exists(overlay + ".part"));
    }

    void png_withoutSex_isUsageError() {
        const CliRun run = runCli({"predict", m_png, "--model", m_compactModel});
        QCOMPARE(run.exitCode, 2);
        const QStringList lines = errorLines(run.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines.first().contains(m_png));
        QVERIFY(lines.first().contains("--sex"));
    }

    void png_withoutBirthDate_hasUnknownVerdict() {
        const QJsonObject json =
            predictJson({m_png, "--sex", "M", "--model", m_compactModel, "--device", "cpu"});
        QVERIFY(!json.isEmpty());
        QVERIFY(json.value("chronological_age_months").isNull());
        QVERIFY(json.value("z_score").isNull());
        QCOMPARE(json.value("verdict").toString(), QStringLiteral("unknown"));
        QVERIFY(json.value("bone_age_interval_months").isNull());  // a format 1 package has no interval
    }

    void handCropPackage_turnedRightHand_isReadWithWarningsAndTheInterval() {
        const QString model = QStringLiteral(BONEAGE_TEST_MODELS "/hand-crop");
        const QJsonObject json = predictJson({m_png, "--sex", "F", "--model", model, "--device", "cpu"});
        QVERIFY(!json.isEmpty());
        checkContract(json, m_png, "F");
        const double months = json.value("bone_age_months").toDouble(-1);
        const QJsonArray interval = json.value("bone_age_interval_months").toArray();
        QCOMPARE(interval.size(), 2);
        QVERIFY(interval[0].isDouble() && interval[1].isDouble());
        QVERIFY(interval[0].toDouble() <= months && months <= interval[1].toDouble());
        QStringList warnings;
        for (const QJsonValue& w : json.value("warnings").toArray())
            warnings << w.toString();
        QCOMPARE(warnings.filter("mirrored and read as a left hand").size(), 1);
        QCOMPARE(warnings.filter("the film is turned 90 degrees clockwise").size(), 1);

        const CliRun human = runCli({"predict", m_png, "--sex", "F", "--model", model, "--device", "cpu"});
        QVERIFY2(human.exitCode == 0, human.err.constData());
        QVERIFY2(human.out.contains("90 % interval"), human.out.constData());
        QVERIFY(human.out.contains("turned 90 degrees clockwise"));
    }

    void notAHand_exitsThreeWithOneSentenceAndNoOutput() {
        for (const bool json : {true, false}) {
            QStringList arguments{"predict",  m_png,     "--sex",
                                  "M",        "--model", BONEAGE_TEST_MODELS "/hand-crop-reject",
                                  "--device", "cpu"};
            if (json)
                arguments << "--json";
            const CliRun run = runCli(arguments, 300000);
            QVERIFY(run.finished);
            QCOMPARE(run.exitCode, 3);
            QVERIFY2(run.out.isEmpty(), run.out.constData());
            const QStringList lines = errorLines(run.err);
            QCOMPARE(lines.size(), 1);
            QVERIFY2(lines.first().contains(m_png), qPrintable(lines.first()));
            QVERIFY2(lines.first().contains("does not look like a hand radiograph"),
                     qPrintable(lines.first()));
        }
    }

    // Broken dates in a readable film are warnings: the film is read, the chronological age is unknown.
    void brokenHeaderDates_areReadWithAWarning_data() {
        QTest::addColumn<QString>("birthDate");
        QTest::addColumn<QString>("warningStart");
        QTest::newRow("birthAfterStudy_readsWithUnknownAge") << "20990101"
                                                             << "birth date 2099-01-01 is after";
        QTest::newRow("garbageBirthDate_readsWithUnknownAge") << "20xx0101"
                                                              << "the film's birth date '20xx0101'";
    }
    void brokenHeaderDates_areReadWithAWarning() {
        QFETCH(QString, birthDate);
        QFETCH(QString, warningStart);
        const QString film = m_dir.filePath(QStringLiteral("dates-%1.dcm").arg(QTest::currentDataTag()));
        QFile::remove(film);
        QVERIFY(QFile::copy(m_dicom, film));
        QProcess dcmodify;
        dcmodify.start(QStringLiteral("dcmodify"), {QStringLiteral("-nb"), QStringLiteral("-m"),
                                                    QStringLiteral("(0010,0030)=%1").arg(birthDate), film});
        QVERIFY(dcmodify.waitForFinished(30000) && dcmodify.exitCode() == 0);
        const QJsonObject json = predictJson({film, "--model", m_compactModel, "--device", "cpu"});
        QVERIFY2(!json.isEmpty(), "predict did not exit 0 with JSON");
        QVERIFY(json.value("chronological_age_months").isNull());
        QVERIFY(json.value("z_score").isNull());
        QCOMPARE(json.value("verdict").toString(), QStringLiteral("unknown"));
        QVERIFY(json.value("bone_age_months").isDouble());
        bool found = false;
        for (const QJsonValue& w : json.value("warnings").toArray())
            found = found || w.toString().startsWith(warningStart);
        QVERIFY2(found, qPrintable(QJsonDocument(json.value("warnings").toArray()).toJson()));
    }

    void usageErrors_exitTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknownOption") << QStringList{"predict", "x.dcm", "--frobnicate"};
        QTest::newRow("badDevice") << QStringList{"predict", "x.dcm", "--device", "tpu"};
        QTest::newRow("badSex") << QStringList{"predict", "x.dcm", "--sex", "X"};
        QTest::newRow("badBirthDate") << QStringList{"predict", "x.dcm", "--birth-date", "2020-02-30"};
        QTest::newRow("noFile") << QStringList{"predict"};
        QTest::newRow("unknownCommand") << QStringList{"frobnicate"};
    }
    void usageErrors_exitTwo() {
        QFETCH(QStringList, arguments);
        const CliRun run = runCli(arguments);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void missingFile_exitThreeNamingIt() {
        const QString missing = m_dir.filePath("no-such-film.dcm");
        const CliRun run = runCli({"predict", missing, "--sex", "M", "--model", m_compactModel});
        QCOMPARE(run.exitCode, 3);
        QCOMPARE(errorLines(run.err).size(), 1);
        QVERIFY(run.err.contains(missing.toUtf8()));
    }

    void helpAndVersion_exitZero() {
        for (const QStringList& args : {QStringList{"--version"}, QStringList{"predict", "--help"},
                                        QStringList{"evaluate", "--help"}, QStringList{"phantom", "--help"},
                                        QStringList{"bench", "--help"}, QStringList{"audit", "--help"}}) {
            const CliRun run = runCli(args);
            QVERIFY2(run.exitCode == 0, qPrintable(args.join(' ')));
            QVERIFY(!run.out.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliPredict)
#include "TestCliPredict.moc"
