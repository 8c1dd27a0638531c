#include "common/PrivateFiles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "common/Error.h"

namespace boneage {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
    throw Error(ErrorCode::Storage, path, what + ": " + std::strerror(err));
}

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// mkdir 0700 (then chmod, in case the umask took owner bits); true when this call created it.
bool makeOneDirectory(const std::string& path) {
    if (::mkdir(path.c_str(), kPrivateDirMode) == 0) {
        if (::chmod(path.c_str(), kPrivateDirMode) != 0) {
            fail(path, "cannot make the new folder owner-only", errno);
        }
        return true;
    }
    const int err = errno;
    if (isDirectory(path)) {  // EEXIST, or EACCES for an existing parent we may not write to
        return false;
    }
    if (err == EEXIST) {
        throw Error(ErrorCode::Storage, path, "exists and is not a folder");
    }
    fail(path, "cannot create the folder", err);
}

}  // namespace

void createPrivateDirectories(const std::string& path) {
    if (path.empty()) {
        throw Error(ErrorCode::Storage, "folder", "no folder name given");
    }
    if (isDirectory(path)) {
        return;
    }
    // Every prefix ending before a '/', then the whole path; "//" and a trailing '/' are harmless.
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        if (path[slash - 1] != '/') {
            makeOneDirectory(path.substr(0, slash));
        }
    }
    if (path.back() != '/') {
        makeOneDirectory(path);
    }
}

void ensurePrivateDirectory(const std::string& path) {
    createPrivateDirectories(path);
    if (::chmod(path.c_str(), kPrivateDirMode) != 0) {
        fail(path, "cannot make the folder owner-only", errno);
    }
}

int openPrivateFile(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CREAT | O_CLOEXEC, kPrivateFileMode);
    if (fd < 0) {
        fail(path, "cannot create the file", errno);
    }
    if (::fchmod(fd, kPrivateFileMode) != 0) {
        const int err = errno;
        ::close(fd);
        fail(path, "cannot make the file owner-only", err);
    }
    return fd;
}

void createPrivateFile(const std::string& path) {
    const int fd = openPrivateFile(path, O_WRONLY);
    ::close(fd);
}

bool restrictToOwner(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            return false;
        }
        fail(path, "cannot read the file's mode", errno);
    }
    const mode_t wanted = S_ISDIR(st.st_mode) ? kPrivateDirMode : kPrivateFileMode;
    if ((st.st_mode & 07777) != wanted && ::chmod(path.c_str(), wanted) != 0) {
        fail(path, "cannot make it owner-only", errno);
    }
    return true;
}

void restrictToOwner(int fd, const std::string& subject) {
    if (::fchmod(fd, kPrivateFileMode) != 0) {
        fail(subject, "cannot make the file owner-only", errno);
    }
}

int permissionBits(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return -1;
    }
    return int(st.st_mode & 07777);
}

}  // namespace boneage
