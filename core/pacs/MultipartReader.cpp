#include "pacs/MultipartReader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace boneage::pacs::detail {

MultipartReader::MultipartReader(QByteArray boundary, std::function<std::string()> openPart,
                                 std::function<void(const std::string&)> closePart)
    : m_delimiter("\r\n--" + boundary),
      m_openPart(std::move(openPart)),
      m_closePart(std::move(closePart)),
      m_buffer("\r\n") {}  // the first delimiter has no CRLF before it: give it one

MultipartReader::~MultipartReader() {
    if (m_fd >= 0)
        ::close(m_fd);
}

bool MultipartReader::fail(const std::string& why) {
    m_state = State::Failed;
    if (m_error.empty())
        m_error = why;
    return false;
}

bool MultipartReader::writeBody(const char* data, qsizetype size) {
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, std::size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(std::string("cannot write a retrieved object: ") + std::strerror(errno));
        data += n;
        size -= n;
    }
    return true;
}

bool MultipartReader::feed(const QByteArray& bytes) {
    if (m_state == State::Failed)
        return false;
    if (m_state == State::Done)
        return true;  // an epilogue is ignored
    m_buffer += bytes;
    while (true) {
        if (m_state == State::Preamble || m_state == State::Body) {
            const qsizetype at = m_buffer.indexOf(m_delimiter);
            if (at < 0) {
                // Keep what could be the start of a delimiter; stream the rest of a body.
                const qsizetype keep = std::min(m_buffer.size(), m_delimiter.size() + 1);
                if (m_state == State::Body && !writeBody(m_buffer.constData(), m_buffer.size() - keep))
                    return false;
                m_buffer.remove(0, m_buffer.size() - keep);
                return true;
            }
            if (m_buffer.size() < at + m_delimiter.size() + 2)
                return true;  // need the two bytes after the delimiter
            if (m_state == State::Body) {
                if (!writeBody(m_buffer.constData(), at))
                    return false;
                if (::fsync(m_fd) != 0)
                    return fail(std::string("cannot flush a retrieved object: ") + std::strerror(errno));
                ::close(m_fd);
                m_fd = -1;
                try {
                    m_closePart(m_path);
                } catch (const std::exception& e) {
                    return fail(e.what());
                }
                ++m_parts;
            }
            const QByteArray after = m_buffer.mid(at + m_delimiter.size(), 2);
            m_buffer.remove(0, at + m_delimiter.size() + 2);
            if (after == "--") {
                m_state = State::Done;
                return true;
            }
            if (after != "\r\n")
                return fail("malformed multipart body: no line end after a boundary");
            m_state = State::Headers;
        }
        if (m_state == State::Headers) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_buffer.size() > 64 * 1024)
                    return fail("malformed multipart body: part headers longer than 64 KiB");
                return true;
            }
            const QByteArray headers = m_buffer.left(end).toLower();
            if (!headers.contains("content-type: application/dicom"))
                return fail("a part of the answer is not application/dicom");
            m_buffer.remove(0, end + 4);
            try {
                m_path = m_openPart();
            } catch (const std::exception& e) {
                return fail(e.what());
            }
            m_fd = ::open(m_path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (m_fd < 0)
                return fail(std::string("cannot open a file for a retrieved object: ") +
                            std::strerror(errno));
            m_state = State::Body;
        }
    }
}

}  // namespace boneage::pacs::detail
