#pragma once
// Runs the real `boneage` binary for the CLI tests and captures what a user would see.
#include <QProcess>
#include <QString>
#include <QStringList>

struct CliRun {
    int exitCode = -1;
    bool finished = false;  ///< false when the process hung past the timeout or crashed
    QByteArray out, err;
};

inline CliRun runCli(const QStringList& arguments, int timeoutMs = 120000) {
    QProcess process;
    process.start(QStringLiteral(BONEAGE_CLI), arguments);
    CliRun run;
    if (!process.waitForStarted(10000))
        return run;
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.finished = run.finished && process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

/// Lines of stderr that are not sanitizer or library chatter.
inline QStringList errorLines(const QByteArray& err) {
    QStringList lines;
    for (const QString& line : QString::fromUtf8(err).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        lines << line;
    }
    return lines;
}
