#include "report/ReportWriter.h"

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>
#include <vector>

#include "common/Error.h"
#include "report/DicomObjects.h"
#include "report/DicomSupport.h"
#include "report/PdfSigner.h"
#include "report/Uid.h"

namespace boneage::report {

namespace {

QStringList nameWords(const QString& name) {
    QString flat = name.toCaseFolded();
    flat.replace(QLatin1Char('^'), QLatin1Char(' ')).replace(QLatin1Char(','), QLatin1Char(' '));
    QStringList words = flat.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    std::sort(words.begin(), words.end());
    return words;
}

QString sha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

/// The output folder, created owner-only when missing.
void prepareFolder(const QString& dir) {
    QFileInfo info(dir);
    if (info.exists()) {
        if (!info.isDir())
            throw Error(ErrorCode::Storage, dir.toStdString(), "is not a folder");
        return;
    }
    if (!QDir().mkpath(dir))
        throw Error(ErrorCode::Storage, dir.toStdString(), "cannot create the folder");
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

/// Writes the files through temporary ones and renames them into place only when all were written.
void writeTogether(const std::vector<std::pair<QString, const QByteArray*>>& files) {
    std::vector<std::unique_ptr<QSaveFile>> pending;
    for (const auto& [path, bytes] : files) {
        auto file = std::make_unique<QSaveFile>(path);
        if (!file->open(QIODevice::WriteOnly) || !file->setPermissions(kOwnerOnly) ||
            file->write(*bytes) != bytes->size()) {
            throw Error(ErrorCode::Storage, path.toStdString(),
                        "cannot write: " + file->errorString().toStdString());
        }
        pending.push_back(std::move(file));
    }
    std::vector<QString> committed;
    for (auto& file : pending) {
        if (!file->commit()) {
            for (const QString& done : committed)
                QFile::remove(done);
            throw Error(ErrorCode::Storage, file->fileName().toStdString(),
                        "cannot write: " + file->errorString().toStdString());
        }
        committed.push_back(file->fileName());
    }
}

/// What the report takes over from the SR it supersedes.
struct Predecessor {
    PredecessorReport report;
};

Predecessor readPredecessor(const QByteArray& bytes) {
    const auto file = detail::readDicomBytes(bytes, "the report to supersede");
    DcmDataset& ds = *file->getDataset();
    auto get = [&](const DcmTagKey& tag) {
        OFString value;
        ds.findAndGetOFString(tag, value);
        return QString::fromUtf8(value.c_str());
    };
    Predecessor p;
    p.report.studyInstanceUid = get(DCM_StudyInstanceUID);
    p.report.seriesInstanceUid = get(DCM_SeriesInstanceUID);
    p.report.sopInstanceUid = get(DCM_SOPInstanceUID);
    p.report.sopClassUid = get(DCM_SOPClassUID);
    p.report.revision = std::max(1, get(DCM_InstanceNumber).toInt());
    const QString date = get(DCM_ContentDate), time = get(DCM_ContentTime).left(6);
    p.report.signingTime = QDateTime::fromString(date + time, QStringLiteral("yyyyMMddHHmmss"));
    if (p.report.studyInstanceUid.isEmpty() || p.report.sopInstanceUid.isEmpty())
        throw Error(ErrorCode::Usage, "report", "the report to supersede has no study or instance UID");
    return p;
}

}  // namespace

bool sameSigner(const QString& readerName, const QString& certificateName) {
    const QStringList a = nameWords(readerName);
    return !a.isEmpty() && a == nameWords(certificateName);
}

ReportFiles writeSignedReport(const ReportContent& input, const SigningIdentity& identity,
                              const QString& outDir, const ReportOptions& options) {
    ReportContent content = input;
    std::optional<Predecessor> predecessor;
    if (!options.predecessorSr.isEmpty()) {
        predecessor = readPredecessor(options.predecessorSr);
        content.revision = predecessor->report.revision + 1;
        content.supersedes = predecessor->report;
    }
    validateContent(content);
    if (!sameSigner(content.readerName, identity.commonName())) {
        throw Error(ErrorCode::Usage, "report",
                    "the reader named is not the holder of the signing certificate (its common name)");
    }
    identity.checkUsableAt(content.signingTime);
    prepareFolder(outDir);

    ReportFiles files;
    files.revision = content.revision;
    files.studyUid = predecessor                         ? predecessor->report.studyInstanceUid
                     : content.source.hasDicomIdentity() ? content.source.studyInstanceUid
                                                         : detail::newUid();
    files.srSeriesUid = detail::newUid();
    files.srSopUid = detail::newUid();
    files.pdfSeriesUid = detail::newUid();
    files.pdfSopUid = detail::newUid();

    // The PDF, signed inside.
    const QByteArray unsignedPdf = renderReportPdf(content, options.paper);
    const PdfSignatureInfo info{content.readerName, content.meaning, content.organisation,
                                content.signingTime};
    const QByteArray pdf = signPdf(unsignedPdf, identity, info);

    // The SR and the encapsulated PDF, signed with dcmsign.
    const detail::VerifyingObserver observer{content.readerName, content.organisation,
                                             identity.fingerprintSha256(), identity.subject()};
    auto sr = detail::makeStructuredReport(
        content, {files.studyUid, files.srSeriesUid, files.srSopUid, 900, content.revision}, observer,
        predecessor ? &options.predecessorSr : nullptr);
    detail::signDataset(*sr, identity, detail::DicomProfile::StructuredReportVerification);
    const QByteArray srBytes = detail::dicomBytes(*sr);
    auto encapsulated = detail::makeEncapsulatedPdf(
        content, {files.studyUid, files.pdfSeriesUid, files.pdfSopUid, 901, content.revision}, pdf);
    detail::signDataset(*encapsulated, identity, detail::DicomProfile::BaseRsa);
    const QByteArray encapsulatedBytes = detail::dicomBytes(*encapsulated);

    const QDir dir(outDir);
    files.pdfPath = dir.filePath(QStringLiteral("report.pdf"));
    files.srPath = dir.filePath(QStringLiteral("sr.dcm"));
    files.pdfDicomPath = dir.filePath(QStringLiteral("pdf.dcm"));
    writeTogether(
        {{files.pdfPath, &pdf}, {files.srPath, &srBytes}, {files.pdfDicomPath, &encapsulatedBytes}});
    files.pdfSha256 = sha256(pdf);
    files.srSha256 = sha256(srBytes);
    files.pdfDicomSha256 = sha256(encapsulatedBytes);
    files.pdfBytes = pdf.size();
    files.srBytes = srBytes.size();
    files.pdfDicomBytes = encapsulatedBytes.size();
    return files;
}

}  // namespace boneage::report
