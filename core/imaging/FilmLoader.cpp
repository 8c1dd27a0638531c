// loadFilm / loadFilmFromMemory: read the bytes, recognise the format by content, dispatch, and make sure
// nothing but boneage::Error leaves.
#include "imaging/FilmLoader.h"

#include "imaging/DicomReader.h"
#include "imaging/RasterReader.h"

#include "common/Error.h"

#include <opencv2/core.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

namespace boneage::imaging {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

std::vector<std::uint8_t> readWholeFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        fail(path, err == ENOENT ? std::string("file not found")
                                 : std::string("cannot open: ") + std::strerror(err));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        fail(path, std::string("cannot read: ") + std::strerror(errno));
    if (S_ISDIR(info.st_mode))
        fail(path, "is a directory, not a film");
    if (!S_ISREG(info.st_mode))
        fail(path, "not a regular file");
    if (info.st_size > kMaxFilmFileBytes)
        fail(path, "file too large: " + std::to_string(info.st_size) + " bytes");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(path, std::string("cannot read: ") + std::strerror(errno));
        if (n == 0)
            break;  // shrank while reading
        done += std::size_t(n);
    }
    bytes.resize(done);
    return bytes;
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

std::string formatOf(const std::uint8_t* data, std::size_t size, const std::string& name) {
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

}  // namespace

Film loadFilmFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name) {
    try {
        const std::string format = formatOf(data, size, name);
        return format == "dicom" ? detail::readDicom(data, size, name)
                                 : detail::readRaster(data, size, name, format);
    } catch (const Error&) {
        throw;
    } catch (const cv::Exception& e) {
        fail(name, std::string("cannot decode the image: ") + e.err);
    } catch (const std::bad_alloc&) {
        fail(name, "not enough memory to decode the image");
    } catch (const std::exception& e) {
        fail(name, std::string("cannot decode the image: ") + e.what());
    } catch (...) {
        fail(name, "cannot decode the image");
    }
}

Film loadFilm(const std::string& path) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = readWholeFile(path);
    } catch (const std::bad_alloc&) {
        fail(path, "not enough memory to read the file");
    }
    return loadFilmFromMemory(bytes.data(), bytes.size(), path);
}

}  // namespace boneage::imaging
