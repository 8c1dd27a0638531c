#pragma once

#include <QByteArray>
#include <QString>

namespace boneage::cli {

/// The signing passphrase: the value of environment variable `envVar` when given (a usage error when it is
/// unset), else read from the terminal (/dev/tty) without echo after `prompt`. Never from the command line.
/// Throws Error(Usage) when there is neither a variable nor a terminal.
QByteArray readPassphrase(const QString& envVar, const QString& prompt);

}  // namespace boneage::cli
