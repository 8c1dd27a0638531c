#include "store/SqliteFile.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <memory>

#include "common/Error.h"
#include "common/PrivateFiles.h"

namespace boneage::store::detail {

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kBusyStepPauseMs = 20;

/// A sqlite3 connection closed on every path.
class RawDatabase {
public:
    RawDatabase(const std::string& path, int flags) {
        m_rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
        if (m_db) {
            sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
        }
    }
    ~RawDatabase() { sqlite3_close_v2(m_db); }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;

    sqlite3* handle() const { return m_db; }
    int openResult() const { return m_rc; }
    std::string message(int rc) const { return m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc); }

    /// The first value of the first row of `sql`; the result code through `rc`.
    std::optional<std::string> firstValue(const char* sql, int* rc) const {
        sqlite3_stmt* statement = nullptr;
        *rc = sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr);
        if (*rc != SQLITE_OK) {
            return std::nullopt;
        }
        std::optional<std::string> value;
        *rc = sqlite3_step(statement);
        if (*rc == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, 0);
            value = text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
            *rc = SQLITE_OK;
        } else if (*rc == SQLITE_DONE) {
            *rc = SQLITE_OK;
        } else {
            *rc = sqlite3_errcode(m_db);  // step's own code may be the generic SQLITE_ERROR
        }
        sqlite3_finalize(statement);
        return value;
    }

private:
    sqlite3* m_db = nullptr;
    int m_rc = SQLITE_OK;
};

bool isDamage(int rc) {
    const int primary = rc & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

[[noreturn]] void fail(const std::string& path, const std::string& cause) {
    throw Error(ErrorCode::Storage, path, cause);
}

void syncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string folderOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".")
           : slash == 0               ? std::string("/")
                                      : path.substr(0, slash);
}

void removeWithCompanions(const std::string& path) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::remove((path + suffix).c_str());
    }
}

}  // namespace

std::optional<std::string> findDamage(const std::string& path, bool thorough) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || st.st_size == 0) {
        return std::nullopt;
    }
    const char* check = thorough ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)";
    auto db = std::make_unique<RawDatabase>(path, SQLITE_OPEN_READONLY);
    if (db->openResult() != SQLITE_OK) {
        if (isDamage(db->openResult())) {
            return db->message(db->openResult());
        }
        fail(path, "cannot open the database to check it: " + db->message(db->openResult()));
    }
    int rc = SQLITE_OK;
    std::optional<std::string> verdict = db->firstValue(check, &rc);
    if ((rc & 0xff) == SQLITE_READONLY) {
        // A crash left a hot rollback journal or a WAL to recover (SQLITE_READONLY_ROLLBACK/_RECOVERY): that
        // is SQLite's own recovery, not damage, and it needs to write. Check on a read-write connection.
        db = std::make_unique<RawDatabase>(path, SQLITE_OPEN_READWRITE);
        rc = db->openResult();
        if (rc == SQLITE_OK) {
            verdict = db->firstValue(check, &rc);
        }
    }
    if (rc != SQLITE_OK) {
        if (isDamage(rc)) {
            return db->message(rc);
        }
        fail(path, "cannot check the database: " + db->message(rc));
    }
    if (verdict && *verdict == "ok") {
        return std::nullopt;
    }
    return std::string(thorough ? "integrity_check" : "quick_check") +
           " found: " + verdict.value_or("no result");
}

void copyDatabase(const std::string& source, const std::string& destination) {
    // Read-write when allowed, so that closing it as the last connection tidies the source's -wal and -shm
    // away as usual (the backup itself writes nothing there); read-only for a file this account may only
    // read.
    auto opened = std::make_unique<RawDatabase>(source, SQLITE_OPEN_READWRITE);
    if (opened->openResult() != SQLITE_OK) {
        opened = std::make_unique<RawDatabase>(source, SQLITE_OPEN_READONLY);
    }
    const RawDatabase& from = *opened;
    if (from.openResult() != SQLITE_OK) {
        fail(source, "cannot open the database to copy it: " + from.message(from.openResult()));
    }
    // Unique per process and call: two threads (or two openers) may copy to the same destination name.
    static std::atomic<unsigned> serial{0};
    const std::string temp =
        destination + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(serial.fetch_add(1));
    removeWithCompanions(temp);
    try {
        createPrivateFile(temp);
        {
            const RawDatabase to(temp, SQLITE_OPEN_READWRITE);
            if (to.openResult() != SQLITE_OK) {
                fail(destination, "cannot open the copy: " + to.message(to.openResult()));
            }
            sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
            if (!backup) {
                fail(destination, "cannot start the backup: " + to.message(sqlite3_errcode(to.handle())));
            }
            int rc = SQLITE_OK;
            // One step copies every page under one read snapshot; a writer holding a lock only delays it.
            for (int waited = 0;; waited += kBusyStepPauseMs) {
                rc = sqlite3_backup_step(backup, -1);
                const int primary = rc & 0xff;
                if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) || waited >= kBusyTimeoutMs) {
                    break;
                }
                sqlite3_sleep(kBusyStepPauseMs);
            }
            const int finished = sqlite3_backup_finish(backup);
            if (rc != SQLITE_DONE || finished != SQLITE_OK) {
                const int code = rc != SQLITE_DONE ? rc : finished;
                fail(source, "the backup failed: " + to.message(code));
            }
            int check = SQLITE_OK;
            // A WAL source hands its WAL flag to the copy; a backup is one self-contained file instead.
            const std::optional<std::string> mode = to.firstValue("PRAGMA journal_mode = DELETE", &check);
            if (check != SQLITE_OK || mode.value_or("") != "delete") {
                fail(destination, "cannot take the copy out of WAL mode: " + to.message(check));
            }
            const std::optional<std::string> verdict = to.firstValue("PRAGMA quick_check(1)", &check);
            if (check != SQLITE_OK || verdict.value_or("") != "ok") {
                fail(destination, "the copy does not pass quick_check: " +
                                      (check != SQLITE_OK ? to.message(check) : verdict.value_or("")));
            }
        }
        restrictToOwner(temp);
        syncPath(temp, O_RDONLY);
        if (std::rename(temp.c_str(), destination.c_str()) != 0) {
            fail(destination, "cannot move the copy into place");
        }
        syncPath(folderOf(destination), O_RDONLY | O_DIRECTORY);
    } catch (...) {
        removeWithCompanions(temp);
        throw;
    }
}

}  // namespace boneage::store::detail
