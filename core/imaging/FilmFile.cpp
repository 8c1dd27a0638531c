#include "imaging/FilmFile.h"

#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

bool startsWith(const std::uint8_t* data, std::size_t size, const char* magic, std::size_t length) {
    return size >= length && std::memcmp(data, magic, length) == 0;
}

/// A dataset without preamble starts with a group 0002 or 0008 tag, in either byte order.
bool looksLikeBareDataset(const std::uint8_t* data, std::size_t size) {
    if (size < 8)
        return false;
    const unsigned le = unsigned(data[0]) | unsigned(data[1]) << 8,
                   be = unsigned(data[0]) << 8 | unsigned(data[1]);
    return le == 0x0002 || le == 0x0008 || be == 0x0008;
}

}  // namespace

std::string filmFormatOf(const std::uint8_t* data, std::size_t size, const std::string& name) {
    if (size == 0)
        fail(name, "empty file");
    if (size >= 132 && std::memcmp(data + 128, "DICM", 4) == 0)
        return "dicom";
    if (startsWith(data, size, "\x89PNG\r\n\x1a\n", 8))
        return "png";
    if (startsWith(data, size, "\xFF\xD8\xFF", 3))
        return "jpeg";
    if (startsWith(data, size, "\xFF\x4F\xFF\x51", 4) || startsWith(data, size, "\0\0\0\x0CjP  ", 8)) {
        fail(name, "unsupported format: JPEG 2000 image");
    }
    if (looksLikeBareDataset(data, size))
        return "dicom";
    fail(name, "not a DICOM, PNG or JPEG file (unrecognised content)");
}

FilmFile::FilmFile(const std::string& path) : m_path(path) {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        const int err = errno;
        fail(path, err == ENOENT ? std::string("file not found")
                                 : std::string("cannot open: ") + std::strerror(err));
    }
    struct stat info {};
    std::string problem;
    if (::fstat(m_fd, &info) != 0)
        problem = std::string("cannot read: ") + std::strerror(errno);
    else if (S_ISDIR(info.st_mode))
        problem = "is a directory, not a film";
    else if (!S_ISREG(info.st_mode))
        problem = "not a regular file";
    else if (info.st_size > kMaxFilmFileBytes)
        problem = "file too large: " + std::to_string(info.st_size) + " bytes";
    if (!problem.empty()) {
        ::close(m_fd);
        fail(path, problem);
    }
    m_size = static_cast<std::size_t>(info.st_size);
    m_end = m_size == 0;
}

FilmFile::~FilmFile() {
    if (m_fd >= 0)
        ::close(m_fd);
}

const std::vector<std::uint8_t>& FilmFile::readPrefix(std::size_t n) {
    n = std::min(n, m_size);
    if (m_end || n <= m_bytes.size())
        return m_bytes;
    std::size_t done = m_bytes.size();
    try {
        m_bytes.resize(n);
    } catch (const std::bad_alloc&) {
        fail(m_path, "not enough memory to read the file");
    }
    while (done < n) {
        const ssize_t got = ::pread(m_fd, m_bytes.data() + done, n - done, off_t(done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            fail(m_path, std::string("cannot read: ") + std::strerror(errno));
        if (got == 0) {
            m_end = true;  // shrank while reading
            break;
        }
        done += std::size_t(got);
    }
    m_bytes.resize(done);
    m_end = m_end || done >= m_size;
    return m_bytes;
}

}  // namespace boneage::imaging::detail
