#include "CliSupport.h"

#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>
#include <exception>

namespace boneage::cli {

void printError(const QString& sentence) {
    QTextStream err(stderr);
    err << "boneage: " << sentence << '\n';
}

[[noreturn]] void usageError(const QString& cause) {
    throw Error(ErrorCode::Usage, "", cause.toStdString());
}

int parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& synopsis,
                   bool* done) {
    *done = false;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + QStringLiteral(" (see '") + synopsis.section(' ', 0, 1) +
                   QStringLiteral(" --help')."));
        *done = true;
        return 2;
    }
    if (parser.isSet(help)) {
        QTextStream out(stdout);
        out << "Usage: " << synopsis << "\n\n" << parser.applicationDescription() << "\n\n";
        // helpText() starts with its own usage line built from the program name; keep only the options.
        const QString text = parser.helpText();
        const qsizetype options = text.indexOf(QStringLiteral("Options:"));
        out << (options >= 0 ? text.mid(options) : text);
        *done = true;
        return 0;
    }
    return 0;
}

int runGuarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const Error& e) {
        printError(QString::fromStdString(e.what()));
        return exitCodeFor(e.code());
    } catch (const std::exception& e) {
        printError(QStringLiteral("internal error: ") + QString::fromLocal8Bit(e.what()));
        return 1;
    }
}

void printJson(const QJsonObject& object) {
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

}  // namespace boneage::cli
