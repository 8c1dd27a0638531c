// `boneage phantom`: 200 DICOM films that DCMTK's dcmdump and dicom3tools' dciodvfy read without errors, an
// RSNA-layout labels.csv, masks, and byte-identical output for the same seed.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"

namespace {
QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

struct ToolRun {
    int exitCode = -1;
    QByteArray output;
};
ToolRun runTool(const QString& program, const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAll()};
}
}  // namespace

class TestCliPhantom : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void twoHundredDicomFilms_passDcmdumpAndDciodvfy() {
        const QString out = m_dir.filePath("dicom");
        const CliRun run = runCli({"phantom", "--count", "200", "--seed", "42", "--format", "dicom",
                                   "--height", "400", "--out", out},
                                  600000);
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        const QStringList films = QDir(out + "/images").entryList({"*.dcm"}, QDir::Files);
        QCOMPARE(films.size(), 200);
        QCOMPARE(QDir(out + "/masks").entryList({"*.png"}, QDir::Files).size(), 200);
        int checked = 0;
        for (const QString& name : films) {
            const QString path = out + "/images/" + name;
            const ToolRun dump = runTool("dcmdump", {"-q", path});
            QVERIFY2(dump.exitCode == 0 && !dump.output.contains("E: "),
                     qPrintable(name + ": " + dump.output));
            const ToolRun iod = runTool("dciodvfy", {path});
            QVERIFY2(!iod.output.contains("Error"), qPrintable(name + ": " + iod.output));
            QVERIFY(dump.output.contains("PatientSex") && dump.output.contains("PatientBirthDate"));
            ++checked;
        }
        QCOMPARE(checked, 200);

        QFile labels(out + "/labels.csv");
        QVERIFY(labels.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> lines = labels.readAll().split('\n');
        QVERIFY(lines.first().startsWith("id,boneage,male"));
        int rows = 0;
        for (const QByteArray& line : lines.mid(1)) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> fields = line.split(',');
            QVERIFY(fields.size() >= 3);
            bool ok = false;
            const double months = fields[1].toDouble(&ok);
            QVERIFY(ok && months > 0 && months < 240);
            QVERIFY(fields[2] == "True" || fields[2] == "False");
            ++rows;
        }
        QCOMPARE(rows, 200);
    }

    void sameSeed_givesByteIdenticalPngFilmsAndMasks() {
        QStringList dirs;
        for (const char* name : {"a", "b"}) {
            const QString out = m_dir.filePath(name);
            const CliRun run =
                runCli({"phantom", "--count", "3", "--seed", "9", "--height", "400", "--out", out});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            dirs << out;
        }
        for (const char* rel : {"labels.csv", "images/1.png", "images/3.png", "masks/2.png"}) {
            const QByteArray a = fileHash(dirs[0] + "/" + QLatin1String(rel));
            QVERIFY(!a.isEmpty());
            QCOMPARE(a, fileHash(dirs[1] + "/" + QLatin1String(rel)));
        }
        const CliRun other = runCli(
            {"phantom", "--count", "1", "--seed", "10", "--height", "400", "--out", m_dir.filePath("c")});
        QCOMPARE(other.exitCode, 0);
        QVERIFY(fileHash(m_dir.filePath("c/images/1.png")) != fileHash(dirs[0] + "/images/1.png"));
    }

    void badArguments_exitTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("noCount") << QStringList{"phantom", "--out", "x"};
        QTest::newRow("zeroCount") << QStringList{"phantom", "--count", "0", "--out", "x"};
        QTest::newRow("badFormat") << QStringList{"phantom", "--count",  "1",   "--out",
                                                  "x",       "--format", "tiff"};
        QTest::newRow("badSyntax") << QStringList{"phantom", "--count",  "1",       "--out",
                                                  "x",       "--syntax", "jpeg2000"};
    }
    void badArguments_exitTwo() {
        QFETCH(QStringList, arguments);
        const CliRun run = runCli(arguments);
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliPhantom)
#include "TestCliPhantom.moc"
