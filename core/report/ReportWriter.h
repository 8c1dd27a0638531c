#pragma once

#include <QByteArray>
#include <QString>

#include "report/ReportContent.h"
#include "report/ReportPdf.h"
#include "report/SigningIdentity.h"

namespace boneage::report {

/// How a report is written.
struct ReportOptions {
    PaperSize paper = PaperSize::A4;
    /// The signed SR (sr.dcm bytes) of the report this one supersedes; empty for a first report. The new
    /// report is DCMTK's revised version of it (Predecessor Documents Sequence), in its study, with the next
    /// revision number; the old files are left as they are and stay valid.
    QByteArray predecessorSr;
};

/// The three files of a signed report and what identifies them.
struct ReportFiles {
    QString pdfPath, srPath, pdfDicomPath;        ///< DIR/report.pdf, DIR/sr.dcm, DIR/pdf.dcm
    QString pdfSha256, srSha256, pdfDicomSha256;  ///< lower-case hex of each file
    qint64 pdfBytes = 0, srBytes = 0, pdfDicomBytes = 0;
    QString studyUid;
    QString srSeriesUid, srSopUid, pdfSeriesUid, pdfSopUid;
    int revision = 1;
};

/// Renders the report, signs it and writes DIR/report.pdf (signed inside the PDF), DIR/sr.dcm (Enhanced SR
/// after TID 1500, SR verification signature) and DIR/pdf.dcm (the signed PDF encapsulated, base RSA
/// signature), all in the film's study (a new one for a film without DICOM identity). DICOM UIDs are under
/// 2.25. The folder is created owner-only (0700) when missing; the files are written owner-only (0600)
/// through temporary files and appear together or not at all.
///
/// The reader named in `content` must be the certificate's holder (its common name, compared ignoring case,
/// DICOM '^' separators and word order), and the certificate must be valid at the signing time.
/// Needs a QGuiApplication (offscreen is enough). Throws Error(Usage) for unusable content or predecessor,
/// Error(Signature) for the identity, Error(Storage) when the files cannot be written, Error(Internal) when
/// Qt or DCMTK fail.
ReportFiles writeSignedReport(const ReportContent& content, const SigningIdentity& identity,
                              const QString& outDir, const ReportOptions& options = {});

/// Whether a free-text reader name names the certificate's holder (see writeSignedReport).
bool sameSigner(const QString& readerName, const QString& certificateName);

}  // namespace boneage::report
