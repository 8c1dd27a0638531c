#pragma once
// Internal to boneage_pacs: a streaming reader of a multipart/related body (RFC 2046) that writes each part
// to its own file as the bytes arrive, so a study never sits in memory.

#include <QByteArray>

#include <functional>
#include <string>

namespace boneage::pacs::detail {

class MultipartReader {
public:
    /// `openPart` returns the path of a new file for the next part (throws to refuse); `closePart` is called
    /// with it once the part is complete.
    MultipartReader(QByteArray boundary, std::function<std::string()> openPart,
                    std::function<void(const std::string&)> closePart);
    ~MultipartReader();

    /// Feeds the next bytes of the body. Returns false (and stops) on a malformed body or a write failure;
    /// error() then says why.
    bool feed(const QByteArray& bytes);
    /// Whether the closing delimiter was seen.
    bool finished() const { return m_state == State::Done; }
    const std::string& error() const { return m_error; }
    int parts() const { return m_parts; }

private:
    enum class State { Preamble, Headers, Body, Done, Failed };
    bool fail(const std::string& why);
    bool writeBody(const char* data, qsizetype size);
    QByteArray m_delimiter;  // "\r\n--" + boundary
    std::function<std::string()> m_openPart;
    std::function<void(const std::string&)> m_closePart;
    QByteArray m_buffer;
    State m_state = State::Preamble;
    int m_fd = -1;
    std::string m_path;
    std::string m_error;
    int m_parts = 0;
};

}  // namespace boneage::pacs::detail
