#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <string>

#include "common/Error.h"

namespace boneage::cli {

/// Parses a subcommand's arguments. Returns 0 when the caller should go on, or the exit code to return now:
/// 0 after printing --help (then *done is true), 2 after printing a usage error.
int parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& synopsis,
                   bool* done);

/// Runs a command body, turning every escaping error into one sentence on stderr and its exit code:
/// boneage::Error by its code, std::exception as an internal error (exit 1). Nothing escapes.
int runGuarded(const std::function<int()>& body);

/// Prints "boneage: <sentence>" to stderr.
void printError(const QString& sentence);

/// Throws Error(Usage) with the given cause.
[[noreturn]] void usageError(const QString& cause);

/// The model package to use: --model if given, else $BONEAGE_MODEL, else the shipped default package.
/// Throws Error(Model) when none exists.
std::string resolveModelDir(const QString& option);

/// Writes a JSON object to stdout, indented, followed by a newline.
void printJson(const QJsonObject& object);

inline QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace boneage::cli
