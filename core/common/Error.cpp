#include "common/Error.h"

namespace boneage {

namespace {
std::string sentence(const std::string& subject, const std::string& cause) {
    std::string text = subject.empty() ? cause : subject + ": " + cause;
    if (!text.empty() && text.back() != '.') {
        text += '.';
    }
    return text;
}
}  // namespace

int exitCodeFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::Usage:
            return 2;
        case ErrorCode::BadInput:
            return 3;
        case ErrorCode::Model:
            return 4;
        case ErrorCode::Network:
            return 5;
        case ErrorCode::Storage:
        case ErrorCode::Signature:
            return 6;
        case ErrorCode::Internal:
            break;
    }
    return 1;
}

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::Usage:
            return "usage error";
        case ErrorCode::BadInput:
            return "bad input";
        case ErrorCode::Model:
            return "model error";
        case ErrorCode::Network:
            return "network error";
        case ErrorCode::Storage:
            return "storage error";
        case ErrorCode::Signature:
            return "signature error";
        case ErrorCode::Internal:
            break;
    }
    return "internal error";
}

Error::Error(ErrorCode code, std::string subject, std::string cause)
    : std::runtime_error(sentence(subject, cause)),
      m_code(code),
      m_subject(std::move(subject)),
      m_cause(std::move(cause)) {}

}  // namespace boneage
