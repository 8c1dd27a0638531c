// `boneage report --film FILE ... --sign P12 --out DIR`: assesses a film, takes the reader's decision, and
// writes the signed report: DIR/report.pdf (signed inside the PDF), DIR/sr.dcm (TID 1500 SR) and DIR/pdf.dcm
// (encapsulated PDF), both DICOM objects signed with dcmsign. `boneage report --case ID [--db FILE] ...` does
// the same for a stored case from what the case database says (its facts, the reader's latest decision, the
// prediction it was made on) and records the report there, as a revision of the case's previous one.
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "Passphrase.h"
#include "PatientOptions.h"
#include "assessment/Assessor.h"
#include "assessment/CaseReport.h"
#include "assessment/ReportInput.h"
#include "imaging/FilmLoader.h"
#include "report/ReportWriter.h"
#include "store/CaseStore.h"

namespace boneage::cli {

namespace {

QByteArray readFileOrThrow(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::BadInput, path.toStdString(), "cannot read the report to supersede");
    return file.read(64 << 20);
}

/// The reader's identity from the PKCS#12 file, checked before anything slow: a wrong passphrase or an
/// expired certificate costs no inference.
report::SigningIdentity signingIdentity(const QCommandLineParser& parser) {
    const QString p12 = parser.value(QStringLiteral("sign"));
    QByteArray passphrase = readPassphrase(parser.value(QStringLiteral("passphrase-env")),
                                           QStringLiteral("Passphrase for %1: ").arg(p12));
    report::SigningIdentity identity = report::SigningIdentity::fromPkcs12(p12, passphrase);
    passphrase.fill('\0');
    identity.checkUsableAt(QDateTime::currentDateTimeUtc());
    if (identity.organisation().trimmed().isEmpty()) {
        throw Error(ErrorCode::Signature, p12.toStdString(),
                    "the certificate names no organisation (O=), which the SR's verifying observer needs");
    }
    return identity;
}

void requireSigner(const QString& option, const QString& readerName,
                   const report::SigningIdentity& identity) {
    if (!report::sameSigner(readerName, identity.commonName())) {
        usageError(QStringLiteral("%1 '%2' is not the certificate's holder '%3'")
                       .arg(option, readerName, identity.commonName()));
    }
}

/// Signs `content` now (the PDF's signing time and dcmsign's stamps moments apart) and writes the files.
report::ReportFiles signAndWrite(report::ReportContent content, const report::SigningIdentity& identity,
                                 const QString& outDir, const report::ReportOptions& options) {
    content.organisation = identity.organisation();
    const QDateTime now = QDateTime::currentDateTime();
    content.signingTime = now.toOffsetFromUtc(now.offsetFromUtc());
    return report::writeSignedReport(content, identity, outDir, options);
}

void printFiles(const report::ReportFiles& files, const report::SigningIdentity& identity) {
    QTextStream out(stdout);
    out << "Signed report"
        << (files.revision > 1 ? QStringLiteral(" (revision %1)").arg(files.revision) : QString()) << " by "
        << identity.subject() << '\n';
    out << "  " << files.pdfPath << "  sha256 " << files.pdfSha256 << '\n';
    out << "  " << files.srPath << "  sha256 " << files.srSha256 << '\n';
    out << "  " << files.pdfDicomPath << "  sha256 " << files.pdfDicomSha256 << '\n';
}

/// `--case ID`: the report of a stored case, recorded in the store as the case's newest report.
int reportCase(const QCommandLineParser& parser, report::PaperSize paper) {
    for (const char* film :
         {"confirm", "override", "reason", "sex", "birth-date", "study-date", "supersedes", "model"}) {
        if (parser.isSet(QString::fromLatin1(film)))
            usageError(QStringLiteral("--%1 goes with --film; with --case the decision, the patient's facts "
                                      "and the report it revises come from the case database")
                           .arg(QLatin1String(film)));
    }
    bool ok = false;
    const qint64 caseId = parser.value(QStringLiteral("case")).toLongLong(&ok);
    if (!ok || caseId <= 0)
        usageError(QStringLiteral("--case '%1' is not a case id").arg(parser.value(QStringLiteral("case"))));
    const store::StoreConfig config = parser.isSet(QStringLiteral("db"))
                                          ? store::StoreConfig::sqlite(parser.value(QStringLiteral("db")))
                                          : store::StoreConfig::defaultSqlite();
    store::CaseStore store(config, QStringLiteral("boneage-report"));
    // What the case lacks is said before the passphrase is asked for.
    const assessment::CaseReportBasis basis = assessment::caseReportBasis(store, caseId);
    const report::SigningIdentity identity = signingIdentity(parser);
    if (parser.isSet(QStringLiteral("reader-name")))
        requireSigner(QStringLiteral("--reader-name"), parser.value(QStringLiteral("reader-name")).trimmed(),
                      identity);
    requireSigner(QStringLiteral("the case's reader"), basis.read.reader, identity);

    const imaging::Film film = imaging::loadFilm(basis.record.sourcePath.toStdString());
    const report::ReportFiles files = signAndWrite(assessment::reportContentForCase(basis, film), identity,
                                                   parser.value(QStringLiteral("out")), basis.options(paper));
    store.setActor(basis.read.reader);
    const qint64 reportId = assessment::recordCaseReport(store, basis, files, identity.commonName());
    printFiles(files, identity);
    QTextStream(stdout) << "  recorded as report " << reportId << " of case " << caseId
                        << (basis.predecessor
                                ? QStringLiteral(", superseding report %1").arg(basis.predecessor->id)
                                : QString())
                        << '\n';
    return 0;
}

}  // namespace

int runReport(const QStringList& arguments) {
    return runGuarded([&] {
        const QString synopsis = QStringLiteral(
            "boneage report --film FILE [--sex M|F] [--birth-date D] [--study-date D] --reader-name NAME "
            "(--confirm | --override MONTHS --reason TEXT) --sign P12 [--passphrase-env VAR] --out DIR "
            "[--model DIR] [--paper a4|letter] [--supersedes SR.dcm]\n"
            "       boneage report --case ID [--db FILE] [--reader-name NAME] --sign P12 [--passphrase-env "
            "VAR] "
            "--out DIR [--paper a4|letter]");
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
            "the report is a revision of an earlier sr.dcm, which stays valid. With --case ID the report is "
            "that of a stored case (its film, the facts entered for it, the reader's latest decision and the "
            "prediction it was made on) and is recorded in the case database; a case reported before gets a "
            "revision that supersedes its previous report. Research use only."));
        parser.addOption(
            {QStringLiteral("film"), QStringLiteral("DICOM or PNG/JPEG hand film."), QStringLiteral("FILE")});
        addPatientOptions(parser);
        parser.addOption({QStringLiteral("case"),
                          QStringLiteral("A stored case to report (its database id)."),
                          QStringLiteral("ID")});
        parser.addOption(
            {QStringLiteral("db"),
             QStringLiteral("Case database (SQLite file) for --case; default: the workstation's."),
             QStringLiteral("FILE")});
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
        const bool byCase = parser.isSet(QStringLiteral("case"));
        if (byCase == parser.isSet(QStringLiteral("film")))
            usageError(QStringLiteral("give either --film FILE or --case ID"));
        if (!byCase && parser.isSet(QStringLiteral("db")))
            usageError(QStringLiteral("--db goes with --case"));
        for (const char* required : {"sign", "out"}) {
            if (!parser.isSet(QString::fromLatin1(required)))
                usageError(QStringLiteral("--%1 is required").arg(QLatin1String(required)));
        }
        const auto paper = report::parsePaperSize(parser.value(QStringLiteral("paper")));
        if (!paper)
            usageError(QStringLiteral("--paper '%1' is not a4 or letter")
                           .arg(parser.value(QStringLiteral("paper"))));
        if (byCase)
            return reportCase(parser, *paper);
        if (!parser.isSet(QStringLiteral("reader-name")))
            usageError(QStringLiteral("--reader-name is required"));
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
        const assessment::PatientFacts overrides = enteredPatientFacts(parser);
        report::ReportOptions options;
        options.paper = *paper;
        if (parser.isSet(QStringLiteral("supersedes")))
            options.predecessorSr = readFileOrThrow(parser.value(QStringLiteral("supersedes")));

        const report::SigningIdentity identity = signingIdentity(parser);
        requireSigner(QStringLiteral("--reader-name"), read.readerName, identity);

        const imaging::Film film = imaging::loadFilm(parser.value(QStringLiteral("film")).toStdString());
        assessment::requirePatient(film, overrides);  // a missing sex is a usage error before the model loads
        engine::Engine engine(resolveModelDir(parser.value(QStringLiteral("model"))),
                              engine::DevicePreference::Auto);
        const assessment::AssessmentResult result = assessment::assessFilm(engine, film, overrides, true);

        const report::ReportFiles files =
            signAndWrite(assessment::reportContentForFilm(film, overrides, result, engine.info(), read),
                         identity, parser.value(QStringLiteral("out")), options);
        printFiles(files, identity);
        return 0;
    });
}

}  // namespace boneage::cli
