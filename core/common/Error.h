#pragma once

#include <stdexcept>
#include <string>

namespace boneage {

/// The one error vocabulary of the core. Each code maps to one `boneage` CLI exit code.
enum class ErrorCode {
    Internal,   ///< a bug or an unexpected library failure (exit 1)
    Usage,      ///< wrong arguments or options (exit 2)
    BadInput,   ///< an unreadable, malformed or unsupported film or data file (exit 3)
    Model,      ///< a missing, corrupt or mismatched model package, or an inference failure (exit 4)
    Network,    ///< DICOM network / PACS failure (exit 5)
    Storage,    ///< case database failure (exit 6)
    Signature,  ///< a report signature that cannot be made or does not verify (exit 6)
};

/// CLI exit code for an error code (DESIGN.md: 0 ok, 2 usage, 3 input, 4 model, 5 network, 6 storage or
/// signature).
int exitCodeFor(ErrorCode code);

/// Short English name of a code ("bad input", "model error", ...), for logs.
const char* errorCodeName(ErrorCode code);

/// The typed exception every core module throws. It carries the file (or other subject) it concerns and
/// the cause; what() is one sentence "<subject>: <cause>" suitable for stderr or a status line.
/// Never carries patient identifiers.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string subject, std::string cause);

    ErrorCode code() const { return m_code; }
    const std::string& subject() const { return m_subject; }
    const std::string& cause() const { return m_cause; }

private:
    ErrorCode m_code;
    std::string m_subject;
    std::string m_cause;
};

}  // namespace boneage
