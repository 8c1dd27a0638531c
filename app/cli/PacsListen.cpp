// boneage pacs listen --port P --db FILE: receives pushed films and reads each hand film into the case
// database (the listener's worker threads only queue; the main thread owns the engine and the store).
#include "PacsListen.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <unistd.h>
#include <cerrno>
#include <csignal>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "CliSupport.h"
#include "assessment/ReceivedFilms.h"
#include "engine/Engine.h"
#include "pacs/StorageListener.h"
#include "store/CaseStore.h"

namespace boneage::cli {

namespace {

/// Received files waiting for the main thread, and the stop request (a signal).
struct Inbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<pacs::ReceivedObject> objects;
    bool stop = false;
};

int g_stopPipe[2] = {-1, -1};

extern "C" void onStopSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_stopPipe[1], &byte, 1);
}

}  // namespace

int runPacsListen(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the storage SCP until stopped (SIGINT, SIGTERM): each film pushed to it is kept "
        "under a name it makes; each hand film is read by the model into the case database, other "
        "objects are kept and listed, not read."));
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port to listen on (0: a free one, printed)."),
                      QStringLiteral("P")});
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Case database (SQLite file)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("out"),
                      QStringLiteral("Folder for received files (default: 'received' beside the database)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("aet"), QStringLiteral("AE title to answer to (default BONEAGE)."),
                      QStringLiteral("OWN"), QStringLiteral("BONEAGE")});
    parser.addOption({QStringLiteral("timeout"),
                      QStringLiteral("Association and message timeout in seconds (default 30)."),
                      QStringLiteral("S"), QStringLiteral("30")});
    parser.addOption(
        {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
    bool done = false;
    if (const int code =
            parseArguments(parser, arguments,
                           QStringLiteral("boneage pacs listen --port P --db FILE [--out DIR] [--aet OWN] "
                                          "[--timeout S] [--model DIR]"),
                           &done);
        done)
        return code;
    if (!parser.isSet(QStringLiteral("port")) || !parser.isSet(QStringLiteral("db")))
        usageError(QStringLiteral("listen needs --port P and --db FILE"));
    bool ok = false;
    const int port = parser.value(QStringLiteral("port")).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        usageError(
            QStringLiteral("--port '%1' is not a port number").arg(parser.value(QStringLiteral("port"))));
    const int timeout = parser.value(QStringLiteral("timeout")).toInt(&ok);
    if (!ok || timeout < 1 || timeout > 3600)
        usageError(QStringLiteral("--timeout '%1' is not a number of seconds from 1 to 3600")
                       .arg(parser.value(QStringLiteral("timeout"))));
    const QString db = parser.value(QStringLiteral("db"));
    const QString out = parser.isSet(QStringLiteral("out"))
                            ? parser.value(QStringLiteral("out"))
                            : QFileInfo(db).absoluteDir().filePath(QStringLiteral("received"));

    // SIGINT/SIGTERM only write a byte to a pipe (async-signal-safe, whichever thread takes it); a waiter
    // thread turns that into a stop request.
    if (::pipe(g_stopPipe) != 0)
        throw Error(ErrorCode::Internal, "boneage pacs listen", "cannot create a pipe");
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    store::CaseStore store(store::StoreConfig::sqlite(db), QStringLiteral("boneage-pacs-listen"));
    const std::unique_ptr<assessment::FilmAssessor> assessor = assessment::openEngineAssessor(
        resolveModelDir(parser.value(QStringLiteral("model"))), engine::DevicePreference::Auto);

    Inbox inbox;
    pacs::ListenerOptions options;
    options.aeTitle = parser.value(QStringLiteral("aet")).toStdString();
    options.port = std::uint16_t(port);
    options.storageDirectory = out.toStdString();
    options.timeouts = pacs::uniformTimeouts(timeout);
    pacs::StorageListener listener(options, [&inbox](const pacs::ReceivedObject& object) {
        std::lock_guard<std::mutex> lock(inbox.mutex);
        inbox.objects.push_back(object);
        inbox.changed.notify_all();
    });
    listener.start();
    struct StopWaiter {  // on any exit, also by an exception: wake the waiter, join it
        std::thread& thread;
        ~StopWaiter() {
            onStopSignal(0);
            thread.join();
        }
    };
    std::thread waiter([&inbox] {
        char byte = 0;
        while (::read(g_stopPipe[0], &byte, 1) < 0 && errno == EINTR) {
        }
        std::lock_guard<std::mutex> lock(inbox.mutex);
        inbox.stop = true;
        inbox.changed.notify_all();
    });
    const StopWaiter stopWaiter{waiter};
    QTextStream output(stdout);
    output << "listening as " << qs(options.aeTitle) << " on port " << listener.port() << ", files in " << out
           << '\n';
    output.flush();
    while (true) {
        pacs::ReceivedObject object;
        {
            std::unique_lock<std::mutex> lock(inbox.mutex);
            inbox.changed.wait(lock, [&] { return inbox.stop || !inbox.objects.empty(); });
            if (inbox.objects.empty())
                break;
            object = inbox.objects.front();
            inbox.objects.pop_front();
        }
        const QString name = QFileInfo(qs(object.path)).fileName();
        assessment::ReceivedFilmOutcome outcome;
        try {
            outcome = assessment::readReceivedFilm(*assessor, store, object.path);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Storage)
                throw;                   // the database is gone: nothing more can be read into it
            outcome.reason = e.cause();  // one film the model could not read stops nothing
        }
        if (outcome.read)
            output << "received " << name << ": read, case " << outcome.caseId << ", bone age "
                   << QString::number(outcome.boneAgeMonths, 'f', 1) << " months\n";
        else if (outcome.caseId)
            output << "received " << name << ": case " << outcome.caseId << ", not read yet ("
                   << qs(outcome.reason) << ")\n";
        else
            output << "received " << name << ": kept, not read (" << qs(outcome.reason) << ")\n";
        output.flush();
    }
    listener.stop();
    output << "stopped after " << listener.storedCount() << " objects\n";
    return 0;
}

}  // namespace boneage::cli
