// `boneage batch` and `boneage batch-merge` end to end on about a hundred phantom films: bad films as rows,
// SIGKILL at five random points and --resume, four shards merged into the one-run CSV, Grad-CAM overlays,
// usage errors. Prints the run's films/s beside the bare model's rate in the same run (a figure, not a timed
// assertion; tools/bench-batch.sh measures it on 2,000 films).
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "CliRunner.h"

namespace {

const QString kModel = QStringLiteral(BONEAGE_TEST_MODELS "/compact-random");

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Whole rows of a results CSV (its header not counted).
QList<QByteArray> rowsOf(const QString& path) {
    QList<QByteArray> lines = readAll(path).split('\n');
    if (!lines.isEmpty())
        lines.removeFirst();  // header
    if (!lines.isEmpty())
        lines.removeLast();  // after the last "\n": empty, or a row cut short
    return lines;
}

unsigned modeOf(const QString& path) {
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? unsigned(info.st_mode & 0777) : 0u;
}

void copyFile(const QString& from, const QString& to) {
    QDir().mkpath(QFileInfo(to).path());
    QFile::remove(to);
    QVERIFY2(QFile::copy(from, to), qPrintable(from + " -> " + to));
}

}  // namespace

class TestCliBatch : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_set, m_archive, m_reference;
    CliRun m_referenceRun;
    static constexpr int kLabelled = 96;
    static constexpr int kInputs = kLabelled + 4 + 2;

    QStringList batchArgs(const QString& out, const QStringList& more = {}) const {
        // One model thread and one decoding thread: the test shares its cores with the rest of the suite.
        return QStringList{"batch", m_set,       m_archive, "--out",  out, "--model",    kModel, "--device",
                           "cpu",   "--threads", "1",       "--jobs", "1", "--progress", "lines"} +
               more;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_set = m_dir.filePath("set");
        m_archive = m_dir.filePath("archive");
        CliRun run = runCli({"phantom", "--count", QString::number(kLabelled), "--seed", "5", "--height",
                             "400", "--out", m_set});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // An archive without labels: DICOM films whose header gives the sex, a film that is not one, and a
        // PNG without a sex.
        const QString dicoms = m_dir.filePath("dicoms");
        run = runCli({"phantom", "--count", "4", "--seed", "6", "--height", "400", "--format", "dicom",
                      "--out", dicoms});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const QString& name : QDir(dicoms + "/images").entryList({"*.dcm"}, QDir::Files))
            copyFile(dicoms + "/images/" + name, m_archive + "/study/" + name);
        QFile broken(m_archive + "/broken.png");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("this is not a png");
        broken.close();
        copyFile(m_set + "/images/1.png", m_archive + "/nosex.png");
        // The one run every other is compared with.
        m_reference = m_dir.filePath("reference.csv");
        m_referenceRun = runCli(batchArgs(m_reference), 600000);
    }

    void oneRun_scoresEveryInput_badFilmsAsRows() {
        const CliRun& run = m_referenceRun;
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        const QList<QByteArray> rows = rowsOf(m_reference);
        QCOMPARE(rows.size(), kInputs);
        QVERIFY(
            readAll(m_reference).startsWith("input,status,sex,chronological_age_months,bone_age_months,"));
        QCOMPARE(modeOf(m_reference), 0600u);
        int errors = 0, fromHeader = 0, labelled = 0;
        for (const QByteArray& row : rows) {
            if (row.contains(",error,")) {
                ++errors;
                QVERIFY2(row.startsWith(QFile::encodeName(m_archive + "/broken.png")) ||
                             (row.startsWith(QFile::encodeName(m_archive + "/nosex.png")) &&
                              row.contains("no patient sex")),
                         row.constData());
            } else if (row.contains("/study/")) {
                QVERIFY2(row.contains(",ok,M,") || row.contains(",ok,F,"), row.constData());
                ++fromHeader;
            } else {
                QVERIFY2(row.contains(",ok,"), row.constData());
                ++labelled;
            }
        }
        QCOMPARE(errors, 2);
        QCOMPARE(fromHeader, 4);
        QCOMPARE(labelled, kLabelled);
        const QByteArray all = QByteArray::number(kInputs) + '/' + QByteArray::number(kInputs);
        QVERIFY2(run.err.contains("boneage batch: " + all + " films"), run.err.constData());
        QVERIFY2(run.out.contains(QByteArray::number(kInputs) + " of " + QByteArray::number(kInputs) +
                                  " inputs") &&
                     run.out.contains("films/s"),
                 run.out.constData());
        // "This run: N films in T s, R films/s on cpu; the model's own time M s."
        const QRegularExpression figures(
            QStringLiteral("This run: (\\d+) films in ([0-9.]+) s, ([0-9.]+) films/s on (\\S+); the model's "
                           "own time ([0-9.]+) s"));
        const QRegularExpressionMatch m = figures.match(QString::fromUtf8(run.out));
        QVERIFY2(m.hasMatch(), run.out.constData());
        const double films = m.captured(1).toDouble(), batchRate = m.captured(3).toDouble();
        const double modelRate = films / std::max(1e-9, m.captured(5).toDouble());
        qInfo("batch: %.0f films in %s s, %.2f films/s; the bare model on them %.2f films/s (%.3f)", films,
              qPrintable(m.captured(2)), batchRate, modelRate, batchRate / modelRate);
        QVERIFY(batchRate > 0 && modelRate > 0);
    }

    void killedFiveTimesAtRandom_resumesToTheSameRows() {
        QVERIFY(m_referenceRun.exitCode == 0);
        const QString out = m_dir.filePath("killed.csv");
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("kill points from seed %u", seed);
        QRandomGenerator random(seed);
        int lastRows = 0;
        for (int kill = 0; kill < 5; ++kill) {
            // Kill once the CSV holds `target` rows or more: the first time as soon as the process runs,
            // before its plan or CSV may exist; then at a random row up to a sixth of the inputs further.
            const int target = kill == 0 ? 0 : lastRows + 1 + int(random.bounded(quint32(kInputs / 6)));
            QProcess process;
            process.start(QStringLiteral(BONEAGE_CLI), batchArgs(out, {"--resume"}));
            QVERIFY(process.waitForStarted(10000));
            QTRY_VERIFY_WITH_TIMEOUT(rowsOf(out).size() >= target || process.state() != QProcess::Running,
                                     300000);
            QVERIFY2(process.state() == QProcess::Running, "finished before it could be killed");
            process.kill();  // SIGKILL
            QVERIFY(process.waitForFinished(10000));
            QCOMPARE(process.exitStatus(), QProcess::CrashExit);
            const QList<QByteArray> rows = rowsOf(out);
            QVERIFY(rows.size() >= lastRows);
            qInfo("kill %d: %lld rows (target %d)", kill + 1, qlonglong(rows.size()), target);
            lastRows = int(rows.size());
        }
        const CliRun run = runCli(batchArgs(out, {"--resume"}), 600000);
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        QCOMPARE(rowsOf(out).size(), kInputs);
        QCOMPARE(readAll(out), readAll(m_reference));  // every row once, in input order, the same values
    }

    void fourShards_mergeIntoTheOneRunCsv() {
        QVERIFY(m_referenceRun.exitCode == 0);
        QStringList shards;
        for (int k = 1; k <= 4; ++k) {
            const QString out = m_dir.filePath(QStringLiteral("shard-%1.csv").arg(k));
            const CliRun run = runCli(batchArgs(out, {"--shard", QStringLiteral("%1/4").arg(k)}), 600000);
            QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
            QCOMPARE(rowsOf(out).size(), kInputs / 4 + (k <= kInputs % 4 ? 1 : 0));
            shards << out;
        }
        const QString merged = m_dir.filePath("merged.csv");
        const CliRun incomplete =
            runCli(QStringList{"batch-merge"} + shards.mid(1) + QStringList{"--out", merged});
        QCOMPARE(incomplete.exitCode, 3);
        QVERIFY2(incomplete.err.contains("shard 1/4 is missing"), incomplete.err.constData());
        QVERIFY(!QFile::exists(merged));
        const CliRun run = runCli(QStringList{"batch-merge"} + shards + QStringList{"--out", merged});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(readAll(merged), readAll(m_reference));
        QCOMPARE(readAll(merged + ".plan.json"), readAll(m_reference + ".plan.json"));
    }

    void gradcamDir_holdsAnOwnerOnlyOverlayPerScoredFilm() {
        const QString out = m_dir.filePath("gradcam.csv");
        const QString dir = m_dir.filePath("overlays");
        const CliRun run = runCli({"batch", m_archive + "/study", "--out", out, "--model", kModel,
                                   "--gradcam-dir", dir, "--threads", "1", "--progress", "none"},
                                  600000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(modeOf(dir), 0700u);
        const QList<QByteArray> rows = rowsOf(out);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(QDir(dir).entryList({"*.png"}, QDir::Files).size(), 4);
        for (const QByteArray& row : rows) {
            const QByteArray overlay = row.split(',').at(9);
            QVERIFY2(overlay.startsWith(QFile::encodeName(dir)) && QFile::exists(QFile::decodeName(overlay)),
                     row.constData());
            QCOMPARE(modeOf(QFile::decodeName(overlay)), 0600u);
            QVERIFY(readAll(QFile::decodeName(overlay)).startsWith("\x89PNG"));
        }
    }

    void mistakes_exitWithTheirCodes_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("existingOutWithoutResume_exitsTwo")
            << QStringList{"batch", "SET", "--out", "REFERENCE", "--model", "MODEL"} << 2 << "--resume";
        QTest::newRow("missingSource_exitsThree")
            << QStringList{"batch", "NOWHERE", "--out", "OUT", "--model", "MODEL"} << 3
            << "no such file or folder";
        QTest::newRow("shardOutOfRange_exitsTwo")
            << QStringList{"batch", "SET", "--out", "OUT", "--shard", "5/4"} << 2 << "--shard";
        QTest::newRow("noOut_exitsTwo") << QStringList{"batch", "SET"} << 2 << "--out";
        QTest::newRow("mergeOfNothing_exitsTwo")
            << QStringList{"batch-merge", "--out", "OUT"} << 2 << "shard";
    }
    void mistakes_exitWithTheirCodes() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        for (QString& a : args) {
            a.replace("SET", m_set).replace("REFERENCE", m_dir.filePath("reference.csv"));
            a.replace("NOWHERE", m_dir.filePath("nowhere")).replace("OUT", m_dir.filePath("never.csv"));
            a.replace("MODEL", kModel);
        }
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath("never.csv")));
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "TestCliBatch.moc"
