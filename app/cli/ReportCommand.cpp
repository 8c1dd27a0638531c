// `boneage report --film FILE ... --sign P12 --out DIR`: assesses a film, takes the reader's decision, and
// writes the signed report: DIR/report.pdf (signed inside the PDF), DIR/sr.dcm (TID 1500 SR) and DIR/pdf.dcm
// (encapsulated PDF), both DICOM objects signed with dcmsign.
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "Passphrase.h"
#include "PatientOptions.h"
#include "assessment/Assessor.h"
#include "assessment/ReportInput.h"
#include "imaging/FilmLoader.h"
#include "report/ReportWriter.h"

namespace boneage::cli {

namespace {

QByteArray readFileOrThrow(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::BadInput, path.toStdString(), "cannot read the report to supersede");
    return file.read(64 << 20);
}

}  // namespace

int runReport(const QStringList& arguments) {
    return runGuarded([&] {
        const QString synopsis = QStringLiteral(
            "boneage report --film FILE [--sex M|F] [--birth-date D] [--study-date D] --reader-name NAME "
            "(--confirm | --override MONTHS --reason TEXT) --sign P12 [--passphrase-env VAR] --out DIR "
            "[--model DIR] [--paper a4|letter] [--supersedes SR.dcm]");
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Assesses a left-hand film, records the reader's decision and writes the signed report: "
            "DIR/report.pdf (signed inside the PDF, adbe.pkcs7.detached), DIR/sr.dcm (DICOM SR after TID "
            "1500, "
            "bone age LOINC 85151-9 in months) and DIR/pdf.dcm (the PDF encapsulated), the DICOM objects "
            "signed "
            "with dcmsign. The reader must be the holder of the PKCS#12 signing certificate. The passphrase "
            "comes "
            "from --passphrase-env or a prompt on the terminal, never from the command line. With "
            "--supersedes "
            "the report is a revision of an earlier sr.dcm, which stays valid. Research use only."));
        parser.addOption(
            {QStringLiteral("film"), QStringLiteral("DICOM or PNG/JPEG hand film."), QStringLiteral("FILE")});
        addPatientOptions(parser);
        parser.addOption({QStringLiteral("reader-name"),
                          QStringLiteral("The reader who signs (the certificate's holder)."),
                          QStringLiteral("NAME")});
        parser.addOption(
            {QStringLiteral("confirm"), QStringLiteral("The reader confirms the model's bone age.")});
        parser.addOption({QStringLiteral("override"),
                          QStringLiteral("The reader's bone age instead of the model's."),
                          QStringLiteral("MONTHS")});
        parser.addOption(
            {QStringLiteral("reason"), QStringLiteral("Why the reader overrides."), QStringLiteral("TEXT")});
        parser.addOption({QStringLiteral("sign"),
                          QStringLiteral("The reader's PKCS#12 file (certificate and key)."),
                          QStringLiteral("P12")});
        parser.addOption(
            {QStringLiteral("passphrase-env"),
             QStringLiteral("Environment variable holding the PKCS#12 passphrase (default: ask)."),
             QStringLiteral("VAR")});
        parser.addOption({QStringLiteral("out"), QStringLiteral("Folder for report.pdf, sr.dcm and pdf.dcm."),
                          QStringLiteral("DIR")});
        parser.addOption(
            {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("paper"), QStringLiteral("a4 (default) or letter."),
                          QStringLiteral("a4|letter"), QStringLiteral("a4")});
        parser.addOption({QStringLiteral("supersedes"),
                          QStringLiteral("The earlier signed sr.dcm this report revises."),
                          QStringLiteral("SR.dcm")});
        bool done = false;
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;
        if (!parser.positionalArguments().isEmpty())
            usageError(QStringLiteral("report takes no positional arguments (see --help)"));
        for (const char* required : {"film", "reader-name", "sign", "out"}) {
            if (!parser.isSet(QString::fromLatin1(required)))
                usageError(QStringLiteral("--%1 is required").arg(QLatin1String(required)));
        }
        const bool confirm = parser.isSet(QStringLiteral("confirm"));
        const bool overridden = parser.isSet(QStringLiteral("override"));
        if (confirm == overridden)
            usageError(QStringLiteral("give either --confirm or --override MONTHS --reason TEXT"));
        assessment::ReaderRead read;
        read.readerName = parser.value(QStringLiteral("reader-name")).trimmed();
        if (overridden) {
            bool ok = false;
            read.decision = report::ReaderDecision::Overridden;
            read.overrideMonths = parser.value(QStringLiteral("override")).toDouble(&ok);
            if (!ok || !(read.overrideMonths >= 0 && read.overrideMonths <= 300))
                usageError(QStringLiteral("--override '%1' is not a bone age in months (0 to 300)")
                               .arg(parser.value(QStringLiteral("override"))));
            read.reason = parser.value(QStringLiteral("reason")).trimmed();
            if (read.reason.isEmpty())
                usageError(QStringLiteral("--override needs --reason TEXT"));
        } else if (parser.isSet(QStringLiteral("reason"))) {
            usageError(QStringLiteral("--reason goes with --override, not --confirm"));
        }
        const auto paper = report::parsePaperSize(parser.value(QStringLiteral("paper")));
        if (!paper)
            usageError(QStringLiteral("--paper '%1' is not a4 or letter")
                           .arg(parser.value(QStringLiteral("paper"))));
        const assessment::PatientFacts overrides = enteredPatientFacts(parser);
        report::ReportOptions options;
        options.paper = *paper;
        if (parser.isSet(QStringLiteral("supersedes")))
            options.predecessorSr = readFileOrThrow(parser.value(QStringLiteral("supersedes")));

        // The identity before the model: a wrong passphrase or an expired certificate costs no inference.
        QByteArray passphrase =
            readPassphrase(parser.value(QStringLiteral("passphrase-env")),
                           QStringLiteral("Passphrase for %1: ").arg(parser.value(QStringLiteral("sign"))));
        const report::SigningIdentity identity =
            report::SigningIdentity::fromPkcs12(parser.value(QStringLiteral("sign")), passphrase);
        passphrase.fill('\0');
        identity.checkUsableAt(QDateTime::currentDateTimeUtc());
        if (identity.organisation().trimmed().isEmpty()) {
            throw Error(
                ErrorCode::Signature, parser.value(QStringLiteral("sign")).toStdString(),
                "the certificate names no organisation (O=), which the SR's verifying observer needs");
        }
        if (!report::sameSigner(read.readerName, identity.commonName())) {
            usageError(QStringLiteral("--reader-name '%1' is not the certificate's holder '%2'")
                           .arg(read.readerName, identity.commonName()));
        }

        const imaging::Film film = imaging::loadFilm(parser.value(QStringLiteral("film")).toStdString());
        assessment::requirePatient(film, overrides);  // a missing sex is a usage error before the model loads
        engine::Engine engine(resolveModelDir(parser.value(QStringLiteral("model"))),
                              engine::DevicePreference::Auto);
        const assessment::AssessmentResult result = assessment::assessFilm(engine, film, overrides, true);

        report::ReportContent content =
            assessment::reportContentForFilm(film, overrides, result, engine.info(), read);
        content.organisation = identity.organisation();
        // Signed now, after the model: the PDF's signing time and dcmsign's stamps are moments apart, not a
        // model run apart.
        const QDateTime now = QDateTime::currentDateTime();
        content.signingTime = now.toOffsetFromUtc(now.offsetFromUtc());
        const report::ReportFiles files =
            report::writeSignedReport(content, identity, parser.value(QStringLiteral("out")), options);

        QTextStream out(stdout);
        out << "Signed report"
            << (files.revision > 1 ? QStringLiteral(" (revision %1)").arg(files.revision) : QString())
            << " by " << identity.subject() << '\n';
        out << "  " << files.pdfPath << "  sha256 " << files.pdfSha256 << '\n';
        out << "  " << files.srPath << "  sha256 " << files.srSha256 << '\n';
        out << "  " << files.pdfDicomPath << "  sha256 " << files.pdfDicomSha256 << '\n';
        return 0;
    });
}

}  // namespace boneage::cli
