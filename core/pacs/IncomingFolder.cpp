#include "pacs/IncomingFolder.h"

#include "common/Error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

namespace boneage::pacs::detail {

namespace {

[[noreturn]] void fail(const std::string& subject, const std::string& cause) {
    throw Error(ErrorCode::Storage, subject, cause);
}

void makeOwnerOnlyDirectories(const std::string& directory) {
    std::string path;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = directory.find('/', pos + 1);
        path = directory.substr(0, pos);
        if (path.empty())
            continue;
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            fail(directory, std::string("cannot create the folder: ") + std::strerror(errno));
    }
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        fail(directory, "not a folder");
}

}  // namespace

IncomingFolder::IncomingFolder(std::string directory) : m_directory(std::move(directory)) {
    while (m_directory.size() > 1 && m_directory.back() == '/')
        m_directory.pop_back();
    if (m_directory.empty())
        fail("(no folder)", "no folder given for received objects");
    makeOwnerOnlyDirectories(m_directory);
}

std::string IncomingFolder::uniqueName() {
    static thread_local std::mt19937 random{std::random_device{}()};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    char name[64];
    std::snprintf(name, sizeof name, "%lld-%d-%u-%08x", static_cast<long long>(ms), int(::getpid()),
                  m_counter.fetch_add(1), unsigned(random()));
    return name;
}

std::string IncomingFolder::createPart() {
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string path = m_directory + "/.incoming-" + uniqueName() + ".part";
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::fchmod(fd, 0600);  // whatever the umask
            ::close(fd);
            return path;
        }
        if (errno != EEXIST)
            fail(m_directory,
                 std::string("cannot create a file for a received object: ") + std::strerror(errno));
    }
    fail(m_directory, "cannot find a free name for a received object");
}

std::string IncomingFolder::commit(const std::string& part) {
    const int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        discard(part);
        fail(m_directory, std::string("cannot flush a received object: ") + std::strerror(err));
    }
    ::close(fd);
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string path = m_directory + "/film-" + uniqueName() + ".dcm";
        if (::link(part.c_str(), path.c_str()) == 0) {
            discard(part);
            return path;
        }
        if (errno != EEXIST) {
            const int err = errno;
            discard(part);
            fail(m_directory, std::string("cannot name a received object: ") + std::strerror(err));
        }
    }
    discard(part);
    fail(m_directory, "cannot find a free name for a received object");
}

void IncomingFolder::discard(const std::string& part) noexcept {
    ::unlink(part.c_str());
}

}  // namespace boneage::pacs::detail
