// boneage pacs echo|find|get|move|store|listen: the DICOM network from the command line (exit 5 on any
// network failure, with one sentence).
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <condition_variable>
#include <mutex>

#include "CliSupport.h"
#include "Commands.h"
#include "PacsListen.h"
#include "pacs/DicomClient.h"
#include "pacs/StorageListener.h"

namespace boneage::cli {

namespace {

const char* const kSubcommands = "echo, find, get, move, store or listen";

void addNetworkOptions(QCommandLineParser& parser, bool peer) {
    if (peer)
        parser.addOption({QStringLiteral("peer"), QStringLiteral("The PACS: AET@HOST:PORT."),
                          QStringLiteral("AET@HOST:PORT")});
    parser.addOption({QStringLiteral("aet"), QStringLiteral("This workstation's AE title (default BONEAGE)."),
                      QStringLiteral("OWN"), QStringLiteral("BONEAGE")});
    parser.addOption({QStringLiteral("timeout"),
                      QStringLiteral("Connect, association and message timeout in seconds (default 30)."),
                      QStringLiteral("S"), QStringLiteral("30")});
}

int timeoutOf(const QCommandLineParser& parser) {
    bool ok = false;
    const int seconds = parser.value(QStringLiteral("timeout")).toInt(&ok);
    if (!ok || seconds < 1 || seconds > 3600)
        usageError(QStringLiteral("--timeout '%1' is not a number of seconds from 1 to 3600")
                       .arg(parser.value(QStringLiteral("timeout"))));
    return seconds;
}

pacs::ClientOptions clientOptions(const QCommandLineParser& parser) {
    pacs::ClientOptions options;
    options.callingAeTitle = parser.value(QStringLiteral("aet")).toStdString();
    if (!pacs::isValidAeTitle(options.callingAeTitle))
        usageError(QStringLiteral("--aet '%1' is not a valid AE title (1 to 16 characters)")
                       .arg(parser.value(QStringLiteral("aet"))));
    options.timeouts = pacs::uniformTimeouts(timeoutOf(parser));
    return options;
}

pacs::Peer peerOf(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("peer")))
        usageError(QStringLiteral("--peer AET@HOST:PORT is required"));
    return pacs::parsePeer(parser.value(QStringLiteral("peer")).toStdString());
}

std::uint16_t portOf(const QCommandLineParser& parser, const QString& fallback) {
    const QString text =
        parser.isSet(QStringLiteral("port")) ? parser.value(QStringLiteral("port")) : fallback;
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        usageError(QStringLiteral("--port '%1' is not a port number (0 picks a free one)").arg(text));
    return std::uint16_t(port);
}

QString requiredValue(const QCommandLineParser& parser, const char* name) {
    const QString option = QString::fromLatin1(name);
    if (!parser.isSet(option) || parser.value(option).isEmpty())
        usageError(QStringLiteral("--%1 is required").arg(option));
    return parser.value(option);
}

int runEcho(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Checks that the PACS answers (C-ECHO)."));
    addNetworkOptions(parser, true);
    bool done = false;
    if (const int code = parseArguments(
            parser, arguments,
            QStringLiteral("boneage pacs echo --peer AET@HOST:PORT [--aet OWN] [--timeout S]"), &done);
        done)
        return code;
    pacs::DicomClient client(peerOf(parser), clientOptions(parser));
    QElapsedTimer timer;
    timer.start();
    client.echo();
    QTextStream(stdout) << qs(pacs::describePeer(client.peer())) << ": echo ok (" << timer.elapsed()
                        << " ms)\n";
    return 0;
}

QJsonObject studyJson(const pacs::StudyRecord& s) {
    QJsonArray modalities;
    for (const std::string& m : s.modalities)
        modalities.append(qs(m));
    return QJsonObject{{QStringLiteral("patient_id"), qs(s.patientId)},
                       {QStringLiteral("patient_name"), qs(s.patientName)},
                       {QStringLiteral("study_date"), qs(s.studyDate)},
                       {QStringLiteral("study_instance_uid"), qs(s.studyInstanceUid)},
                       {QStringLiteral("accession_number"), qs(s.accessionNumber)},
                       {QStringLiteral("modalities"), modalities},
                       {QStringLiteral("number_of_instances"),
                        s.numberOfInstances ? QJsonValue(*s.numberOfInstances) : QJsonValue()}};
}

/// "YYYYMMDD", "YYYY-MM-DD" or "" to the DICOM form.
std::string dicomDate(const QCommandLineParser& parser, const char* name) {
    QString text = parser.value(QString::fromLatin1(name));
    text.remove(QLatin1Char('-'));
    if (!text.isEmpty() &&
        (text.size() != 8 || !QDate::fromString(text, QStringLiteral("yyyyMMdd")).isValid()))
        usageError(
            QStringLiteral("--%1 '%2' is not a date (YYYY-MM-DD)").arg(QString::fromLatin1(name), text));
    return text.toStdString();
}

int runFind(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Finds studies (C-FIND, study root). Patient names take the wildcards * and ?."));
    addNetworkOptions(parser, true);
    parser.addOption({QStringLiteral("patient-name"), QStringLiteral("Patient name (wildcards * ?)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("patient-id"), QStringLiteral("Patient id."), QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("date-from"), QStringLiteral("Study date from (YYYY-MM-DD)."), QStringLiteral("D")});
    parser.addOption(
        {QStringLiteral("date-to"), QStringLiteral("Study date to (YYYY-MM-DD)."), QStringLiteral("D")});
    parser.addOption({QStringLiteral("modality"), QStringLiteral("Modality in study (CR, DX, ...)."),
                      QStringLiteral("M")});
    parser.addOption({QStringLiteral("accession"), QStringLiteral("Accession number."), QStringLiteral("A")});
    parser.addOption({QStringLiteral("study"), QStringLiteral("Study instance UID."), QStringLiteral("UID")});
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("Print one JSON object per study, in an array.")});
    bool done = false;
    if (const int code = parseArguments(
            parser, arguments,
            QStringLiteral(
                "boneage pacs find --peer AET@HOST:PORT [--patient-name N] [--patient-id ID] "
                "[--date-from D] [--date-to D] [--modality M] [--accession A] [--study UID] [--json] "
                "[--aet OWN] [--timeout S]"),
            &done);
        done)
        return code;
    pacs::StudyQuery query;
    query.patientName = parser.value(QStringLiteral("patient-name")).toStdString();
    query.patientId = parser.value(QStringLiteral("patient-id")).toStdString();
    query.studyDateFrom = dicomDate(parser, "date-from");
    query.studyDateTo = dicomDate(parser, "date-to");
    query.modality = parser.value(QStringLiteral("modality")).toStdString();
    query.accessionNumber = parser.value(QStringLiteral("accession")).toStdString();
    query.studyInstanceUid = parser.value(QStringLiteral("study")).toStdString();
    pacs::DicomClient client(peerOf(parser), clientOptions(parser));
    const std::vector<pacs::StudyRecord> studies = client.findStudies(query);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const auto& s : studies)
            array.append(studyJson(s));
        QTextStream(stdout) << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return 0;
    }
    QTextStream out(stdout);
    for (const auto& s : studies) {
        out << qs(s.studyDate) << "  " << qs(s.patientId) << "  " << qs(s.patientName) << "  "
            << qs(s.accessionNumber) << "  " << qs(s.studyInstanceUid) << "  "
            << (s.numberOfInstances ? QString::number(*s.numberOfInstances) : QStringLiteral("?"))
            << " instances\n";
    }
    out << studies.size() << (studies.size() == 1 ? " study\n" : " studies\n");
    return 0;
}

void printProgress(const pacs::RetrieveProgress& p) {
    QTextStream(stderr) << "  " << p.completed << " received, " << p.remaining << " to come, " << p.failed
                        << " failed\n";
}

int runGet(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Retrieves a study by C-GET into a folder, under names this workstation makes (never "
                       "the sender's)."));
    addNetworkOptions(parser, true);
    parser.addOption({QStringLiteral("study"), QStringLiteral("Study instance UID."), QStringLiteral("UID")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("Folder for the retrieved files."), QStringLiteral("DIR")});
    bool done = false;
    if (const int code =
            parseArguments(parser, arguments,
                           QStringLiteral("boneage pacs get --peer AET@HOST:PORT --study UID --out DIR "
                                          "[--aet OWN] [--timeout S]"),
                           &done);
        done)
        return code;
    const QString study = requiredValue(parser, "study");
    const QString out = requiredValue(parser, "out");
    pacs::DicomClient client(peerOf(parser), clientOptions(parser));
    const pacs::RetrieveResult result =
        client.getStudy(study.toStdString(), out.toStdString(), printProgress);
    QTextStream(stdout) << "retrieved " << result.files.size() << " objects into " << out
                        << (result.final.failed ? QStringLiteral(" (%1 failed)").arg(result.final.failed)
                                                : QString())
                        << '\n';
    return 0;
}

int runMove(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Retrieves a study by C-MOVE to this workstation's own storage SCP (--aet on --port), "
                       "which the PACS must know, into a folder."));
    addNetworkOptions(parser, true);
    parser.addOption({QStringLiteral("study"), QStringLiteral("Study instance UID."), QStringLiteral("UID")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("Folder for the retrieved files."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port of the storage SCP (default 11112)."),
                      QStringLiteral("P")});
    bool done = false;
    if (const int code =
            parseArguments(parser, arguments,
                           QStringLiteral("boneage pacs move --peer AET@HOST:PORT --study UID --out DIR "
                                          "[--port P] [--aet OWN] [--timeout S]"),
                           &done);
        done)
        return code;
    const QString study = requiredValue(parser, "study");
    const QString out = requiredValue(parser, "out");
    const pacs::ClientOptions options = clientOptions(parser);
    const pacs::Peer peer = peerOf(parser);
    std::mutex mutex;
    std::condition_variable arrived;
    pacs::ListenerOptions listenerOptions;
    listenerOptions.aeTitle = options.callingAeTitle;
    listenerOptions.port = portOf(parser, QStringLiteral("11112"));
    listenerOptions.storageDirectory = out.toStdString();
    listenerOptions.timeouts = options.timeouts;
    pacs::StorageListener listener(listenerOptions, [&](const pacs::ReceivedObject&) {
        const std::lock_guard<std::mutex> lock(mutex);  // so the waiter cannot miss it between check and wait
        arrived.notify_all();
    });
    listener.start();
    pacs::DicomClient client(peer, options);
    const pacs::RetrieveProgress progress =
        client.moveStudy(study.toStdString(), options.callingAeTitle, printProgress);
    {  // The peer reports a sub-operation complete once our C-STORE response went out: it is on disk already.
        std::unique_lock<std::mutex> lock(mutex);
        arrived.wait_for(lock, std::chrono::seconds(options.timeouts.dimseSeconds),
                         [&] { return listener.storedCount() >= std::uint64_t(progress.completed); });
    }
    listener.stop();
    if (listener.storedCount() < std::uint64_t(progress.completed))
        throw Error(ErrorCode::Network, pacs::describePeer(peer),
                    "it reported " + std::to_string(progress.completed) + " objects sent but " +
                        std::to_string(listener.storedCount()) + " arrived");
    QTextStream(stdout) << "retrieved " << listener.storedCount() << " objects into " << out
                        << (progress.failed ? QStringLiteral(" (%1 failed)").arg(progress.failed) : QString())
                        << '\n';
    return 0;
}

int runStore(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sends DICOM files to the PACS (C-STORE)."));
    addNetworkOptions(parser, true);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("DICOM files to send."),
                                 QStringLiteral("FILE..."));
    bool done = false;
    if (const int code =
            parseArguments(parser, arguments,
                           QStringLiteral("boneage pacs store --peer AET@HOST:PORT FILE... [--aet OWN] "
                                          "[--timeout S]"),
                           &done);
        done)
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        usageError(QStringLiteral("store takes at least one FILE"));
    std::vector<std::string> paths;
    for (const QString& f : files)
        paths.push_back(f.toStdString());
    pacs::DicomClient client(peerOf(parser), clientOptions(parser));
    client.store(paths);
    QTextStream(stdout) << "sent " << paths.size() << (paths.size() == 1 ? " file to " : " files to ")
                        << qs(pacs::describePeer(client.peer())) << '\n';
    return 0;
}

}  // namespace

int runPacs(const QStringList& arguments) {
    return runGuarded([&] {
        const QString sub = arguments.value(1);
        QStringList rest = arguments.mid(2);
        rest.prepend(QStringLiteral("boneage pacs ") + sub);
        if (sub == QLatin1String("echo"))
            return runEcho(rest);
        if (sub == QLatin1String("find"))
            return runFind(rest);
        if (sub == QLatin1String("get"))
            return runGet(rest);
        if (sub == QLatin1String("move"))
            return runMove(rest);
        if (sub == QLatin1String("store"))
            return runStore(rest);
        if (sub == QLatin1String("listen"))
            return runPacsListen(rest);
        if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
            QTextStream(stdout) << "Usage: boneage pacs echo|find|get|move|store|listen [options]\n"
                                   "Run 'boneage pacs <command> --help' for a command's options.\n";
            return 0;
        }
        usageError(
            sub.isEmpty()
                ? QStringLiteral("pacs needs a command: %1").arg(QLatin1String(kSubcommands))
                : QStringLiteral("unknown pacs command '%1' (%2)").arg(sub, QLatin1String(kSubcommands)));
    });
}

}  // namespace boneage::cli
