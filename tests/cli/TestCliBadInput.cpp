// Every malformed film made by boneage-make-malformed makes `boneage predict` exit 3 with one sentence that
// names the file and the cause: no crash, no hang (and, in the sanitizer build, no ASan/UBSan report or
// leak).
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"

class TestCliBadInput : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QProcess maker;
        maker.start(QStringLiteral(BONEAGE_MAKE_MALFORMED), {m_dir.path()});
        QVERIFY(maker.waitForFinished(120000));
        QCOMPARE(maker.exitCode(), 0);
    }

    void eachMalformedFile_exitsThreeWithOneSentence_data() {
        QTest::addColumn<QString>("path");
        const QFileInfoList files = QDir(m_dir.path()).entryInfoList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 30, qPrintable(QString("only %1 malformed files").arg(files.size())));
        for (const QFileInfo& file : files)
            QTest::newRow(qPrintable(file.fileName())) << file.absoluteFilePath();
    }
    void eachMalformedFile_exitsThreeWithOneSentence() {
        QFETCH(QString, path);
        const CliRun run = runCli({"predict", path, "--sex", "M", "--birth-date", "2015-01-01", "--model",
                                   QStringLiteral(BONEAGE_TEST_MODELS "/compact-random"), "--device", "cpu"},
                                  60000);
        QVERIFY2(run.finished, "crashed or hung");
        QVERIFY2(run.exitCode == 3, qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.err)));
        const QStringList lines = errorLines(run.err);
        QVERIFY2(lines.size() == 1, run.err.constData());
        QVERIFY2(lines.first().contains(path), qPrintable(lines.first()));
        QVERIFY(lines.first().endsWith(QLatin1Char('.')));
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "TestCliBadInput.moc"
