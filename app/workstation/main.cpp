// boneage-workstation: the reading workstation (DESIGN.md). Parses the command line, opens the case database,
// applies the theme and shows the MainWindow; everything else lives in ui/.
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFutureWatcher>
#include <QSettings>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QTextStream>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <thread>

#include "common/Error.h"
#include "common/Version.h"
#include "engine/Engine.h"
#include "store/StoreConfig.h"
#include "ui/AppSettings.h"
#include "ui/CaseRepository.h"
#include "ui/DatabaseOpener.h"
#include "ui/DemoCases.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"

namespace {

/// Without a display Qt would abort with a plugin error; say what happened instead (exit 3), so the README's
/// run script can fall back to the CLI demo.
bool haveDisplay() {
    auto set = [](const char* name) {
        const char* v = std::getenv(name);
        return v && *v;
    };
    return set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY");
}

int g_quitPipe[2] = {-1, -1};

void writeQuitByte(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_quitPipe[1], &byte, 1);
}

/// SIGTERM, SIGINT and SIGHUP (a logout, a kill, Ctrl+C) end the event loop instead of the process, so the
/// destructors run: SQLite closes its file cleanly and a "not saved" session's temporary folder is removed.
void quitOnTerminationSignals(QApplication& app) {
    if (::pipe2(g_quitPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_quitPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action {};
    action.sa_handler = writeQuitByte;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signal : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(signal, &action, nullptr);
}

/// The case database the command line or, without --database and --pg, the settings name. Throws
/// boneage::Error(Usage) for both options at once or a --pg string the store refuses (a password in it).
boneage::store::StoreConfig databaseFromOptions(const QCommandLineParser& parser,
                                                const boneage::ui::AppSettings& settings) {
    const bool sqlite = parser.isSet(QStringLiteral("database"));
    const bool pg = parser.isSet(QStringLiteral("pg"));
    if (sqlite && pg)
        throw boneage::Error(boneage::ErrorCode::Usage, "--database and --pg", "give one of them, not both");
    if (pg)
        return boneage::store::StoreConfig::fromPgConnectionString(parser.value(QStringLiteral("pg")));
    if (sqlite)
        return boneage::store::StoreConfig::sqlite(parser.value(QStringLiteral("database")));
    return settings.storeConfig();
}

}  // namespace

int main(int argc, char* argv[]) {
    if (!haveDisplay()) {
        QTextStream(stderr)
            << "boneage-workstation: no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are "
               "unset). Run it in a desktop session, under xvfb-run, or use the 'boneage' CLI.\n";
        return 3;
    }
    QApplication app(argc, argv);
    quitOnTerminationSignals(app);
    // LibTorch may start with one intra-op thread; the inference worker runs at lower priority, so using
    // every core speeds predictions without starving the event loop.
    boneage::engine::setThreadCount(int(std::max(1u, std::thread::hardware_concurrency())));
    QApplication::setApplicationName(QStringLiteral("boneage"));
    QApplication::setOrganizationName(QStringLiteral("BoneAge"));
    QApplication::setApplicationDisplayName(QStringLiteral("BoneAge Workstation"));
    QApplication::setApplicationVersion(QString::fromLatin1(boneage::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Bone-age reading workstation for left-hand radiographs (research use only)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILES/FOLDERS"),
                                 QStringLiteral("DICOM or PNG films to open."));
    parser.addOption(
        {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("demo"), QStringLiteral("Load demo films from this folder."), QStringLiteral("DIR")});
    parser.addOption(
        {QStringLiteral("database"),
         QStringLiteral("Case database (SQLite file); default: the one in the settings, else the "
                        "user's data folder."),
         QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("pg"),
         QStringLiteral(
             "Shared PostgreSQL case database: \"host=H port=5432 dbname=D user=U sslmode=verify-full "
             "sslrootcert=CA.pem\" or postgresql://U@H:5432/D?sslmode=verify-full. No password here: "
             "libpq reads it from ~/.pgpass, PGPASSFILE or PGPASSWORD."),
         QStringLiteral("CONNINFO")});
    parser.addOption({QStringLiteral("in-memory"),
                      QStringLiteral("Keep nothing: work on a temporary database that is deleted at exit.")});
    parser.addOption({QStringLiteral("reader"),
                      QStringLiteral("The reader's name, written to every decision and audit row."),
                      QStringLiteral("NAME")});
    parser.process(app);

    boneage::ui::applyDarkTheme(app);

    QSettings qsettings;
    boneage::ui::AppSettings settings = boneage::ui::AppSettings::load(qsettings);
    if (parser.isSet(QStringLiteral("model")))
        settings.modelDir = parser.value(QStringLiteral("model"));
    if (parser.isSet(QStringLiteral("reader")))
        settings.readerName = parser.value(QStringLiteral("reader")).trimmed();
    // Until the reader is named (asked at the first decision), the audit log names the account that
    // viewed and predicted; decisions always carry the reader's own name.
    QString actor = settings.readerName;
    if (actor.isEmpty())
        actor = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    if (actor.isEmpty()) {
        const passwd* account = getpwuid(getuid());
        actor = account && account->pw_name ? QString::fromLocal8Bit(account->pw_name)
                                            : QStringLiteral("workstation");
    }

    // Cases live in the case database. When it cannot be used the reader is told at once, in a dialog, and
    // chooses: a backup, a new database, a session that keeps nothing, or quit.
    std::optional<boneage::ui::OpenedDatabase> database;
    try {
        if (parser.isSet(QStringLiteral("in-memory"))) {
            database = boneage::ui::DatabaseOpener::openTemporary(actor);
        } else {
            database = boneage::ui::DatabaseOpener(databaseFromOptions(parser, settings), actor).open();
        }
    } catch (const boneage::Error& e) {
        QTextStream(stderr) << "boneage-workstation: " << e.what() << '\n';
        return boneage::exitCodeFor(e.code());
    }
    if (!database)
        return 0;  // the reader chose Quit: nothing was opened or changed
    boneage::ui::CaseRepository* repository = database->repository.get();

    boneage::ui::MainWindow window(*repository, settings);
    window.show();
    if (!database->notice.isEmpty()) {
        window.statusBar()->showMessage(database->notice);
        QTextStream(stderr) << "boneage-workstation: " << database->notice << '\n';
    }

    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty())
        window.openPaths(paths);
    const bool firstStart = !qsettings.value(QStringLiteral("demo/loaded")).toBool();
    if (parser.isSet(QStringLiteral("demo"))) {
        window.openPaths({parser.value(QStringLiteral("demo"))}, paths.isEmpty());
    } else if (firstStart && repository->cases().empty()) {
        // First start: render the demo phantoms off the GUI thread, then import them.
        auto* watcher = new QFutureWatcher<QStringList>(&window);
        QObject::connect(watcher, &QFutureWatcherBase::finished, &window,
                         [&window, watcher, &qsettings, paths] {
                             const QStringList files = watcher->result();
                             watcher->deleteLater();
                             if (files.isEmpty())
                                 return;
                             qsettings.setValue(QStringLiteral("demo/loaded"), true);
                             window.openPaths(files, paths.isEmpty());
                         });
        watcher->setFuture(QtConcurrent::run([]() -> QStringList {
            try {
                return boneage::ui::DemoCases::ensure(boneage::ui::DemoCases::defaultFolder());
            } catch (const std::exception& e) {
                QTextStream(stderr) << "boneage-workstation: no demo cases: " << e.what() << '\n';
                return {};
            }
        }));
    }
    return app.exec();
}
