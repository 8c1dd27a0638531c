#pragma once

// Internal to core/store (and its tests): the hash-chained, append-only audit log.
//
// Chain rule (stable: an external verifier needs only this paragraph). Rows are numbered seq = 1, 2, ...
// without gaps. For each row,
//     hash = hex(SHA-256(prev_hash || canonical(row)))
// where prev_hash is the previous row's hash (64 '0' characters for seq 1), both as lower-case hex ASCII,
// and canonical(row) concatenates, for each field in the order seq, time_utc, actor, action, case_id,
// details, the netstring "<byte length>:<UTF-8 bytes>\n" (seq and case_id in decimal, a NULL case_id as the
// empty string, details as the stored JSON text). The one-row table audit_head holds the last seq and hash,
// updated in the same transaction as each append, so rows removed from the end are detected too.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "store/Records.h"

namespace boneage::store::detail {

class Connection;

/// 64 '0' characters: the prev_hash of the first row.
QString genesisHash();
/// The canonical serialisation of the row's fields (see above); excludes prev_hash and hash.
QByteArray canonicalAuditRow(const AuditEntry& entry);
/// hex(SHA-256(entry.prevHash + canonicalAuditRow(entry))).
QString computeAuditHash(const AuditEntry& entry);

/// Appends one row inside the caller's open write transaction, which must hold the store's write lock
/// (Connection::beginWrite or beginMigration). Returns the new seq. Throws SqlFailure.
qint64 appendAudit(Connection& connection, const QString& actor, const QString& action,
                   std::optional<qint64> caseId, const QJsonObject& details);

/// Verifies the whole chain, and the anchors, inside one read snapshot it opens and closes itself.
AuditVerification verifyAuditChain(Connection& connection, const std::vector<AuditAnchor>& anchors = {});

/// Audit rows (of one case, or all) in seq order.
std::vector<AuditEntry> readAuditEntries(Connection& connection, std::optional<qint64> caseId);

}  // namespace boneage::store::detail
