#include "Passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "CliSupport.h"

namespace boneage::cli {

QByteArray readPassphrase(const QString& envVar, const QString& prompt) {
    if (!envVar.isEmpty()) {
        if (!qEnvironmentVariableIsSet(envVar.toLocal8Bit().constData()))
            usageError(QStringLiteral("--passphrase-env names %1, which is not set").arg(envVar));
        return qgetenv(envVar.toLocal8Bit().constData());
    }
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        usageError(QStringLiteral("no terminal to ask for the passphrase; use --passphrase-env VAR"));
    termios saved{};
    const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const QByteArray text = prompt.toLocal8Bit();
    [[maybe_unused]] const ssize_t shown = ::write(tty, text.constData(), size_t(text.size()));
    QByteArray passphrase;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n' && c != '\r' && passphrase.size() < 4096)
        passphrase.append(c);
    if (isTerminal)
        ::tcsetattr(tty, TCSAFLUSH, &saved);
    [[maybe_unused]] const ssize_t newline = ::write(tty, "\n", 1);
    ::close(tty);
    return passphrase;
}

}  // namespace boneage::cli
