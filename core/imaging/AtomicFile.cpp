#include "imaging/AtomicFile.h"

#include "common/Error.h"
#include "common/PrivateFiles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace boneage::imaging {

namespace {

std::string errnoText(int err) {
    return std::strerror(err);
}

/// Creates an empty, uniquely named owner-only (0600) file next to `path` (O_EXCL, so two writers never
/// share one). The rename keeps the mode, so whatever is written here ends up 0600 whatever the umask.
std::string createTempFile(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string temp =
            path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode);
        if (fd >= 0) {
            try {
                restrictToOwner(fd, path);
            } catch (...) {
                ::close(fd);
                std::remove(temp.c_str());
                throw;
            }
            ::close(fd);
            return temp;
        }
        if (errno != EEXIST) {
            throw Error(ErrorCode::Storage, path, "cannot create a file there: " + errnoText(errno));
        }
    }
    throw Error(ErrorCode::Storage, path, "cannot create a unique temporary file");
}

}  // namespace

void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write) {
    const std::string temp = createTempFile(path);
    try {
        write(temp);
        restrictToOwner(temp);  // in case `write` replaced the file instead of rewriting it
        if (std::rename(temp.c_str(), path.c_str()) != 0) {
            throw Error(ErrorCode::Storage, path,
                        "cannot rename the temporary file into place: " + errnoText(errno));
        }
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
}

void writeBytesAtomically(const std::string& path, const std::uint8_t* data, std::size_t size) {
    writeAtomically(path, [&](const std::string& temp) {
        const int fd = ::open(temp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            throw Error(ErrorCode::Storage, path, "cannot open for writing: " + errnoText(errno));
        }
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::write(fd, data + done, size - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const int err = errno;
                ::close(fd);
                throw Error(ErrorCode::Storage, path, "write failed: " + errnoText(err));
            }
            done += std::size_t(n);
        }
        if (::close(fd) != 0) {
            throw Error(ErrorCode::Storage, path, "write failed: " + errnoText(errno));
        }
    });
}

void writeTextAtomically(const std::string& path, const std::string& text) {
    writeBytesAtomically(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace boneage::imaging
