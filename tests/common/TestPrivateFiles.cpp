// common/PrivateFiles: owner-only folders and files whatever the umask (issue 9, defect 9). Each check runs
// under umask 022 (Debian's default) and 000 (the most permissive), where plain mkdir/open would give
// 0755/0644 and 0777/0666.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>
#include <string>

#include "Check.h"
#include "common/Error.h"
#include "common/PrivateFiles.h"

using namespace boneage;

namespace {

/// A fresh folder under the system temporary folder, removed at the end of the scope.
struct Scratch {
    std::string path;
    Scratch() {
        std::string pattern = "/tmp/boneage-private-XXXXXX";
        path = ::mkdtemp(pattern.data());
    }
    ~Scratch() { std::system(("rm -rf '" + path + "'").c_str()); }
};

/// Runs `body` under each permissive umask, restoring the previous one.
template <typename Body>
void underPermissiveUmasks(Body body) {
    for (const mode_t mask : {mode_t(022), mode_t(0)}) {
        const mode_t previous = ::umask(mask);
        try {
            body();
        } catch (...) {
            ::umask(previous);
            throw;
        }
        ::umask(previous);
    }
}

void writeFile(const std::string& path, mode_t mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
    CHECK(fd >= 0);
    CHECK(::write(fd, "x", 1) == 1);
    ::close(fd);
    CHECK(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

BONEAGE_TEST(createPrivateDirectories_ShouldMakeEveryNewFolder0700) {
    underPermissiveUmasks([] {
        Scratch scratch;
        const std::string top = scratch.path + "/a";
        createPrivateDirectories(top + "/b/c");
        CHECK(permissionBits(top) == 0700);
        CHECK(permissionBits(top + "/b") == 0700);
        CHECK(permissionBits(top + "/b/c") == 0700);
        createPrivateDirectories(top + "/b/c");  // already there: no error
    });
}

BONEAGE_TEST(createPrivateDirectories_ShouldLeaveExistingParentsAlone) {
    underPermissiveUmasks([] {
        Scratch scratch;
        CHECK(::chmod(scratch.path.c_str(), 0755) == 0);
        createPrivateDirectories(scratch.path + "/db");
        CHECK(permissionBits(scratch.path) == 0755);
        CHECK(permissionBits(scratch.path + "/db") == 0700);
    });
}

BONEAGE_TEST(ensurePrivateDirectory_ShouldTightenAnExistingFolder) {
    underPermissiveUmasks([] {
        Scratch scratch;
        const std::string folder = scratch.path + "/backups";
        CHECK(::mkdir(folder.c_str(), 0777) == 0);
        CHECK(::chmod(folder.c_str(), 0777) == 0);
        ensurePrivateDirectory(folder);
        CHECK(permissionBits(folder) == 0700);
    });
}

BONEAGE_TEST(createPrivateDirectories_ShouldRefuseAFileInTheWay) {
    Scratch scratch;
    writeFile(scratch.path + "/file", 0600);
    CHECK_THROWS(createPrivateDirectories(scratch.path + "/file/sub"));
    CHECK_THROWS(createPrivateDirectories(scratch.path + "/file"));
}

BONEAGE_TEST(openPrivateFile_ShouldCreate0600AndTightenAnExistingFile) {
    underPermissiveUmasks([] {
        Scratch scratch;
        const std::string fresh = scratch.path + "/cases.csv";
        const int fd = openPrivateFile(fresh, O_WRONLY | O_EXCL);
        CHECK(fd >= 0);
        ::close(fd);
        CHECK(permissionBits(fresh) == 0600);

        const std::string old = scratch.path + "/old.csv";
        writeFile(old, 0644);
        createPrivateFile(old);
        CHECK(permissionBits(old) == 0600);
        struct stat st {};
        CHECK(::stat(old.c_str(), &st) == 0 && st.st_size == 1);  // contents kept
    });
}

BONEAGE_TEST(restrictToOwner_ShouldTightenFilesAndFoldersAndSkipMissingOnes) {
    underPermissiveUmasks([] {
        Scratch scratch;
        const std::string file = scratch.path + "/overlay.png";
        writeFile(file, 0666);
        CHECK(restrictToOwner(file));
        CHECK(permissionBits(file) == 0600);
        CHECK(::chmod(scratch.path.c_str(), 0755) == 0);
        CHECK(restrictToOwner(scratch.path));
        CHECK(permissionBits(scratch.path) == 0700);
        CHECK(!restrictToOwner(scratch.path + "/missing"));
        CHECK(permissionBits(scratch.path + "/missing") == -1);

        const std::string saved = scratch.path + "/export.csv";
        writeFile(saved, 0644);
        const int fd = ::open(saved.c_str(), O_WRONLY);
        restrictToOwner(fd, saved);
        ::close(fd);
        CHECK(permissionBits(saved) == 0600);
    });
}

BONEAGE_TEST(failures_ShouldBeStorageErrorsNamingThePath) {
    Scratch scratch;
    try {
        openPrivateFile(scratch.path + "/no/such/folder/file", O_WRONLY);
        CHECK(false);
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Storage);
        CHECK(std::string(e.what()).find("/no/such/folder/file") != std::string::npos);
    }
}

int main() {
    return boneage::test::runAll();
}
