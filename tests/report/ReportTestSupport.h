#pragma once
// Shared by the report tests: a report about a synthetic patient, and running the independent tools.
#include <QByteArray>
#include <QDateTime>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <cmath>

#include "report/ReportContent.h"

namespace reporttest {

/// A complete report of a synthetic patient (a phantom's kind of numbers), read by "Jane Doe" and overridden.
inline boneage::report::ReportContent sampleContent() {
    using namespace boneage::report;
    ReportContent c;
    c.patientName = QStringLiteral("Phantom^Alex");
    c.patientId = QStringLiteral("PH-000123");
    c.sex = boneage::Sex::Female;
    c.birthDate = QDate(2014, 3, 9);
    c.studyDate = QDate(2024, 5, 2);
    c.accessionNumber = QStringLiteral("ACC-42");
    c.studyDescription = QStringLiteral("XR HAND LEFT BONE AGE");
    c.chronologicalAgeMonths = 121.77;
    c.modelName = QStringLiteral("rsna-compact");
    c.modelVersion = QStringLiteral("1.2.0");
    c.modelSha256 = QStringLiteral("9f2c3a51d0e84b7f6a1c2e3d4f5061728394a5b6c7d8e9f00112233445566778");
    c.modelBoneAgeMonths = 112.4;
    c.readerBoneAgeMonths = 132.0;
    c.decision = ReaderDecision::Overridden;
    c.overrideReason = QStringLiteral("Carpal ossification more advanced than the model's estimate");
    c.sdMonths = 10.72;
    c.zScore = (132.0 - 121.77) / 10.72;
    c.verdict = boneage::clinical::Verdict::Normal;
    c.readerName = QStringLiteral("Jane Doe");
    c.organisation = QStringLiteral("Children's Test Hospital");
    c.signingTime = QDateTime(QDate(2024, 5, 3), QTime(14, 5, 9), Qt::OffsetFromUTC, 7200);
    c.source.studyInstanceUid = QStringLiteral("2.25.1111111111111111111111");
    c.source.seriesInstanceUid = QStringLiteral("2.25.2222222222222222222222");
    c.source.sopInstanceUid = QStringLiteral("2.25.3333333333333333333333");
    c.source.sopClassUid = QStringLiteral("1.2.840.10008.5.1.4.1.1.1");
    c.source.modality = QStringLiteral("CR");
    // A grey gradient "film" and an RGB "heat map" of a hand's proportions.
    c.filmThumbnail.width = 160;
    c.filmThumbnail.height = 200;
    c.filmThumbnail.channels = 1;
    c.gradcamThumbnail = c.filmThumbnail;
    c.gradcamThumbnail.channels = 3;
    for (int y = 0; y < 200; ++y) {
        for (int x = 0; x < 160; ++x) {
            const auto v = std::uint8_t((x + y) * 255 / 360);
            c.filmThumbnail.pixels.push_back(v);
            c.gradcamThumbnail.pixels.push_back(std::uint8_t(255 - v));
            c.gradcamThumbnail.pixels.push_back(v / 2);
            c.gradcamThumbnail.pixels.push_back(v);
        }
    }
    return c;
}

struct ToolRun {
    int exitCode = -1;
    QString out;  ///< stdout and stderr together
};

/// Runs an independent tool (pdfsig, openssl, dcmsign, dsrdump, dciodvfy) and returns its exit code and
/// output; exit code -1 when it cannot start or does not finish within a minute.
inline ToolRun runTool(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAll());
    return run;
}

}  // namespace reporttest
