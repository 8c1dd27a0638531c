#pragma once

// Internal to core/store (and its tests): versioned schema migrations, applied on open.

#include <QString>

namespace boneage::store::detail {

class Connection;

/// The schema's history. Migration N takes the schema from version N-1 to N; each runs in its own
/// transaction together with its schema_version row and a "migrate" audit row, so a crash leaves the
/// database at N-1 or N, never in between. Concurrent openers (threads, processes, workstations) are
/// serialised: SQLite BEGIN IMMEDIATE, PostgreSQL a transaction-scoped advisory lock; each re-reads the
/// version under the lock and skips what another opener already applied. On SQLite, an opener that upgrades
/// a database which already had a schema first copies it, under the lock, once per open
/// (DatabaseBackups::makeBeforeMigration).
///
///  1  cases, predictions, reads, reports, audit_log (+ append-only triggers), audit_head, schema_version
///  2  reads.reason_code; indexes for the per-case read side and the audit trail of a case
class SchemaMigrator {
public:
    static int latestVersion();
    /// 0 for an empty database.
    static int currentVersion(Connection& connection);
    /// Applies the migrations up to `target`. Throws Error(Storage) when the database is newer than this
    /// build (it never downgrades) or a migration fails.
    static void migrate(Connection& connection, const QString& actor, int target = latestVersion());
};

}  // namespace boneage::store::detail
