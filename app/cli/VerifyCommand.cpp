// `boneage verify FILE [--trust CERT.pem]...`: checks the signatures of a signed report (PDF, SR or
// encapsulated PDF). Exit 0 when every signature is valid and made by a trusted, unexpired certificate; 6
// with one sentence on stderr saying why otherwise (tampered, unsigned, untrusted, expired, malformed).
#include <QCommandLineParser>
#include <QDateTime>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "report/Verifier.h"

namespace boneage::cli {

int runVerify(const QStringList& arguments) {
    return runGuarded([&] {
        const QString synopsis = QStringLiteral("boneage verify FILE [--trust CERT.pem]...");
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Verifies a signed bone-age report: a PDF (its /ByteRange signature, including the zero padding "
            "of "
            "/Contents) or a DICOM SR or encapsulated PDF (its dcmsign signatures over every attribute of "
            "the "
            "dataset; the preamble and file meta group lie outside any DICOM signature, and the meta group "
            "must name the signed instance). The signer's certificate must chain to a --trust certificate "
            "(default: the system's certificate store) and be unexpired now. Exit code 0 when valid, 6 "
            "otherwise, with one sentence saying why: tampered, unsigned, untrusted, expired or malformed."));
        parser.addPositionalArgument(QStringLiteral("FILE"),
                                     QStringLiteral("report.pdf, sr.dcm or pdf.dcm."));
        parser.addOption(
            {QStringLiteral("trust"),
             QStringLiteral("A PEM file of trusted CA (or reader) certificates. May be repeated."),
             QStringLiteral("CERT.pem")});
        bool done = false;
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;
        const QStringList files = parser.positionalArguments();
        if (files.size() != 1)
            usageError(QStringLiteral("verify takes exactly one FILE (got %1)").arg(files.size()));
        const QStringList trustFiles = parser.values(QStringLiteral("trust"));
        const report::TrustAnchors trust = trustFiles.isEmpty()
                                               ? report::TrustAnchors::systemDefault()
                                               : report::TrustAnchors::fromPemFiles(trustFiles);
        const report::Verification result =
            report::verifySignedReportFile(files.first(), trust, QDateTime::currentDateTimeUtc());
        if (!result.isValid()) {
            printError(result.sentence(files.first()));
            return exitCodeFor(ErrorCode::Signature);
        }
        QTextStream(stdout) << result.sentence(files.first()) << '\n';
        return 0;
    });
}

}  // namespace boneage::cli
