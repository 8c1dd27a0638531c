// boneage-workstation: the reading workstation (DESIGN.md). Parses the command line, opens the case database,
// applies the theme and shows the MainWindow; everything else lives in ui/.
#include <pwd.h>
#include <unistd.h>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFutureWatcher>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <thread>

#include "common/Version.h"
#include "engine/Engine.h"
#include "store/StoreConfig.h"
#include "ui/AppSettings.h"
#include "ui/CaseRepository.h"
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

}  // namespace

int main(int argc, char* argv[]) {
    if (!haveDisplay()) {
        QTextStream(stderr)
            << "boneage-workstation: no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are "
               "unset). Run it in a desktop session, under xvfb-run, or use the 'boneage' CLI.\n";
        return 3;
    }
    QApplication app(argc, argv);
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
    parser.addOption({QStringLiteral("database"),
                      QStringLiteral("Case database (SQLite file); default: the user's data folder."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("in-memory"), QStringLiteral("Keep cases for this session only.")});
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

    // Cases live in the SQLite case database. A session that keeps nothing (--in-memory, or a database
    // that cannot be opened) runs on a temporary one, with the same rules and audit chain.
    QTemporaryDir scratch;
    std::unique_ptr<boneage::ui::CaseRepository> repository;
    QString storageProblem;
    if (!parser.isSet(QStringLiteral("in-memory"))) {
        try {
            const auto config =
                parser.isSet(QStringLiteral("database"))
                    ? boneage::store::StoreConfig::sqlite(parser.value(QStringLiteral("database")))
                    : boneage::store::StoreConfig::defaultSqlite();
            repository = std::make_unique<boneage::ui::CaseRepository>(config, actor);
        } catch (const std::exception& e) {
            storageProblem = QString::fromStdString(e.what());
        }
    }
    if (!repository) {
        repository = std::make_unique<boneage::ui::CaseRepository>(
            boneage::store::StoreConfig::sqlite(scratch.filePath(QStringLiteral("session.sqlite"))), actor);
    }

    boneage::ui::MainWindow window(*repository, settings);
    window.show();
    if (!storageProblem.isEmpty()) {
        QTextStream(stderr) << "boneage-workstation: cases are kept in memory only: " << storageProblem
                            << '\n';
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
