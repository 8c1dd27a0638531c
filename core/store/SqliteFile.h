#pragma once

// Internal to core/store (and its tests): a SQLite case database as a file, through SQLite's own C API
// rather than Qt SQL: the damage check at open, and copies made with SQLite's online backup API.

#include <optional>
#include <string>

namespace boneage::store::detail {

/// Checks an existing SQLite file on a read-only connection of its own (so nothing is written to it, not even
/// a WAL checkpoint at close): it must be a database, not truncated, and pass PRAGMA quick_check (or the
/// full integrity_check when `thorough`). The one exception: after a crash SQLite must roll back a hot
/// journal or recover a WAL before anything can be read, which a read-only connection cannot; then the check
/// runs read-write, as any open would. Returns the problem ("file is not a database", "database disk image is
/// malformed", the check's first finding), or nothing when the file is sound. A missing or empty file is
/// sound (SQLite starts a new database there). Throws Error(Storage) when the check cannot run for another
/// reason (no permission, locked).
std::optional<std::string> findDamage(const std::string& path, bool thorough = false);

/// Copies the database at `source` to `destination` with SQLite's online backup API: a consistent snapshot
/// even while other connections write. The copy is owner-only (0600), in rollback-journal mode (one
/// self-contained file), passes quick_check, and appears at `destination` whole or not at all (it is made
/// under a temporary name and renamed). The destination's folder must exist. Throws Error(Storage).
void copyDatabase(const std::string& source, const std::string& destination);

}  // namespace boneage::store::detail
