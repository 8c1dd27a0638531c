#include "store/AuditChain.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "store/Connection.h"
#include "store/SchemaMigrator.h"

namespace boneage::store::detail {

namespace {

void appendField(QByteArray& out, const QByteArray& value) {
    out += QByteArray::number(value.size());
    out += ':';
    out += value;
    out += '\n';
}

AuditEntry entryFromQuery(const QSqlQuery& query) {
    AuditEntry entry;
    entry.seq = query.value(0).toLongLong();
    entry.timeUtc = query.value(1).toString();
    entry.actor = query.value(2).toString();
    entry.action = query.value(3).toString();
    if (!query.value(4).isNull()) {
        entry.caseId = query.value(4).toLongLong();
    }
    entry.detailsJson = query.value(5).toString();
    entry.prevHash = query.value(6).toString();
    entry.hash = query.value(7).toString();
    return entry;
}

const QString kAuditColumns =
    QStringLiteral("seq, time_utc, actor, action, case_id, details, prev_hash, hash");

/// The audit row that recorded one read, prediction, report or case.
struct AuditRef {
    qint64 seq = 0;
    std::optional<qint64> caseId;
    QString action;
    QJsonObject details;
};

/// What verifyAuditChain() checks of one record table against the audit rows that recorded its rows.
struct RecordKind {
    const char* noun;     ///< "read"
    const char* idKey;    ///< key of the record id in the audit details ("read_id")
    QStringList actions;  ///< audit actions that record this kind
    QString select;       ///< "SELECT id, case_id, ..." ordered by id
    /// Name of the first field that differs between the record and its audit row; empty when they agree.
    std::function<QString(const QSqlQuery&, const AuditRef&)> differs;
};

/// True when an anchor names this row with another hash.
bool contradictsAnchor(const std::vector<AuditAnchor>& anchors, const AuditEntry& entry) {
    return std::any_of(anchors.begin(), anchors.end(),
                       [&entry](const AuditAnchor& a) { return a.seq == entry.seq && a.hash != entry.hash; });
}

qint64 lastAnchoredSeq(const std::vector<AuditAnchor>& anchors) {
    qint64 last = 0;
    for (const AuditAnchor& a : anchors)
        last = std::max(last, a.seq);
    return last;
}

bool sameNumber(const QJsonValue& a, const QVariant& b) {
    return a.isDouble() &&
           std::abs(a.toDouble() - b.toDouble()) <= 1e-9 * std::max(1.0, std::abs(b.toDouble()));
}

/// The record kinds of a database at `schemaVersion` (a backup made before a migration is verified too).
std::vector<RecordKind> recordKinds(int schemaVersion) {
    // predictions.interval_* exist from schema 5; before, no prediction has an interval.
    const QString intervalColumns =
        schemaVersion >= 5 ? QStringLiteral("interval_low_months, interval_high_months, interval_coverage")
                           : QStringLiteral("NULL, NULL, NULL");
    auto text = [](const AuditRef& ref, const char* key) {
        return ref.details.value(QLatin1String(key)).toString();
    };
    return {
        {"case",
         "case_id",
         {QStringLiteral("case_create")},
         QStringLiteral("SELECT id, id FROM cases ORDER BY id"),
         [](const QSqlQuery&, const AuditRef&) { return QString(); }},
        {"prediction",
         "prediction_id",
         {QStringLiteral("predict")},
         QStringLiteral("SELECT id, case_id, model_name, months, %1 FROM predictions ORDER BY id")
             .arg(intervalColumns),
         [text](const QSqlQuery& q, const AuditRef& ref) {
             if (text(ref, "model") != q.value(2).toString())
                 return QStringLiteral("model");
             if (!sameNumber(ref.details.value(QLatin1String("months")), q.value(3)))
                 return QStringLiteral("months");
             // Schema 5: the interval, as recorded ([low, high, coverage]) or absent in both.
             const QJsonArray interval = ref.details.value(QLatin1String("interval")).toArray();
             for (int i = 0; i < 3; ++i) {
                 const QVariant column = q.value(4 + i);
                 if (interval.isEmpty() ? !column.isNull()
                                        : column.isNull() || !sameNumber(interval[i], column))
                     return QStringLiteral("interval");
             }
             return QString();
         }},
        {"read",
         "read_id",
         {QStringLiteral("confirm"), QStringLiteral("override")},
         QStringLiteral("SELECT id, case_id, reader, value_months, kind FROM reads ORDER BY id"),
         [text](const QSqlQuery& q, const AuditRef& ref) {
             if (text(ref, "reader") != q.value(2).toString())
                 return QStringLiteral("reader");
             if (!sameNumber(ref.details.value(QLatin1String("value_months")), q.value(3)))
                 return QStringLiteral("value_months");
             if (ref.action != q.value(4).toString())
                 return QStringLiteral("kind");
             return QString();
         }},
        {"report",
         "report_id",
         {QStringLiteral("report")},
         QStringLiteral("SELECT id, case_id, signer, pdf_sha256, sr_sha256 FROM reports ORDER BY id"),
         [text](const QSqlQuery& q, const AuditRef& ref) {
             if (text(ref, "signer") != q.value(2).toString())
                 return QStringLiteral("signer");
             if (text(ref, "pdf_sha256") != q.value(3).toString())
                 return QStringLiteral("pdf_sha256");
             if (text(ref, "sr_sha256") != q.value(4).toString())
                 return QStringLiteral("sr_sha256");
             return QString();
         }},
    };
}

/// Checks that every record has exactly one audit row that agrees with it, and every audit row's record
/// exists. `refs` holds, per kind, record id -> audit row. Fills `result` with the first problem.
void checkRecords(Connection& connection, const std::vector<RecordKind>& kinds,
                  std::vector<std::map<qint64, AuditRef>>& refs, AuditVerification& result) {
    for (size_t k = 0; k < kinds.size(); ++k) {
        const RecordKind& kind = kinds[k];
        QSqlQuery rows(connection.db());
        rows.setForwardOnly(true);
        if (!rows.exec(kind.select)) {
            connection.fail("read records for the audit check", rows.lastError());
        }
        while (rows.next()) {
            const qint64 id = rows.value(0).toLongLong();
            const auto it = refs[k].find(id);
            if (it == refs[k].end()) {
                result.ok = false;
                result.firstBadSeq = 0;
                result.problem = QStringLiteral("%1 %2 has no audit row (it was written around the store)")
                                     .arg(QLatin1String(kind.noun))
                                     .arg(id);
                return;
            }
            QString field = it->second.caseId == rows.value(1).toLongLong() ? kind.differs(rows, it->second)
                                                                            : QStringLiteral("case");
            if (!field.isEmpty()) {
                result.ok = false;
                result.firstBadSeq = it->second.seq;
                result.problem =
                    QStringLiteral(
                        "%1 %2 does not match its audit row %3 (%4 differs: the record was edited)")
                        .arg(QLatin1String(kind.noun))
                        .arg(id)
                        .arg(it->second.seq)
                        .arg(field);
                return;
            }
            refs[k].erase(it);
        }
        if (!refs[k].empty()) {
            const auto orphan =
                std::min_element(refs[k].begin(), refs[k].end(),
                                 [](const auto& a, const auto& b) { return a.second.seq < b.second.seq; });
            result.ok = false;
            result.firstBadSeq = orphan->second.seq;
            result.problem =
                QStringLiteral("audit row %1 records %2 %3, which is missing (the record was deleted)")
                    .arg(orphan->second.seq)
                    .arg(QLatin1String(kind.noun))
                    .arg(orphan->first);
            return;
        }
    }
}

}  // namespace

QString genesisHash() {
    return QString(64, QLatin1Char('0'));
}

QByteArray canonicalAuditRow(const AuditEntry& entry) {
    QByteArray out;
    appendField(out, QByteArray::number(entry.seq));
    appendField(out, entry.timeUtc.toUtf8());
    appendField(out, entry.actor.toUtf8());
    appendField(out, entry.action.toUtf8());
    appendField(out, entry.caseId ? QByteArray::number(*entry.caseId) : QByteArray());
    appendField(out, entry.detailsJson.toUtf8());
    return out;
}

QString computeAuditHash(const AuditEntry& entry) {
    QCryptographicHash sha(QCryptographicHash::Sha256);
    sha.addData(entry.prevHash.toLatin1());
    sha.addData(canonicalAuditRow(entry));
    return QString::fromLatin1(sha.result().toHex());
}

qint64 appendAudit(Connection& connection, const QString& actor, const QString& action,
                   std::optional<qint64> caseId, const QJsonObject& details) {
    QSqlQuery head = connection.run(QStringLiteral("SELECT last_seq, last_hash FROM audit_head WHERE id = 1"),
                                    "read the audit chain head");
    if (!head.next()) {
        throw Error(ErrorCode::Storage, connection.subject(), "the audit chain head row is missing");
    }
    AuditEntry entry;
    entry.seq = head.value(0).toLongLong() + 1;
    entry.prevHash = head.value(1).toString();
    head.finish();
    entry.timeUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    entry.actor = actor;
    entry.action = action;
    entry.caseId = caseId;
    entry.detailsJson = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    entry.hash = computeAuditHash(entry);

    QSqlQuery insert = connection.prepare(
        QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(kAuditColumns));
    insert.addBindValue(entry.seq);
    insert.addBindValue(entry.timeUtc);
    insert.addBindValue(entry.actor);
    insert.addBindValue(entry.action);
    insert.addBindValue(nullableId(entry.caseId));
    insert.addBindValue(entry.detailsJson);
    insert.addBindValue(entry.prevHash);
    insert.addBindValue(entry.hash);
    connection.exec(insert, "append to the audit log");

    QSqlQuery update =
        connection.prepare(QStringLiteral("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1"));
    update.addBindValue(entry.seq);
    update.addBindValue(entry.hash);
    connection.exec(update, "advance the audit chain head");
    return entry.seq;
}

AuditVerification verifyAuditChain(Connection& connection, const std::vector<AuditAnchor>& anchors) {
    AuditVerification result;
    connection.beginRead();
    try {
        QSqlQuery head =
            connection.run(QStringLiteral("SELECT last_seq, last_hash FROM audit_head WHERE id = 1"),
                           "read the audit chain head");
        const bool haveHead = head.next();
        const qint64 headSeq = haveHead ? head.value(0).toLongLong() : -1;
        const QString headHash = haveHead ? head.value(1).toString() : QString();
        head.finish();

        // Asked before the log is streamed: a second query while a forward-only one is open loses the
        // first's rows on PostgreSQL.
        const int schemaVersion = SchemaMigrator::currentVersion(connection);
        QSqlQuery rows(connection.db());
        rows.setForwardOnly(true);
        if (!rows.exec(QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(kAuditColumns))) {
            connection.fail("read the audit log", rows.lastError());
        }
        const std::vector<RecordKind> kinds = recordKinds(schemaVersion);
        std::vector<std::map<qint64, AuditRef>> refs(kinds.size());
        QString previous = genesisHash();
        qint64 expectedSeq = 1;
        auto fail = [&result](qint64 seq, QString problem) {
            result.ok = false;
            result.firstBadSeq = seq;
            result.problem = std::move(problem);
        };
        bool broken = false;
        while (!broken && rows.next()) {
            const AuditEntry entry = entryFromQuery(rows);
            ++result.rowsChecked;
            if (entry.seq != expectedSeq) {
                fail(expectedSeq, entry.seq > expectedSeq
                                      ? QStringLiteral("row %1 is missing (the next row is %2)")
                                            .arg(expectedSeq)
                                            .arg(entry.seq)
                                      : QStringLiteral("row %1 is out of sequence").arg(entry.seq));
                broken = true;
            } else if (entry.prevHash != previous) {
                fail(entry.seq,
                     QStringLiteral("row %1 does not follow row %2: its prev_hash differs from that "
                                    "row's hash (a row was removed, inserted or reordered)")
                         .arg(entry.seq)
                         .arg(entry.seq - 1));
                broken = true;
            } else if (computeAuditHash(entry) != entry.hash) {
                fail(entry.seq,
                     QStringLiteral("row %1 does not match its hash (the row was edited)").arg(entry.seq));
                broken = true;
            } else if (contradictsAnchor(anchors, entry)) {
                fail(entry.seq, QStringLiteral("row %1 no longer has the hash anchored outside the database "
                                               "(the chain was rewritten from that row or before)")
                                    .arg(entry.seq));
                broken = true;
            }
            if (!broken) {
                for (size_t k = 0; k < kinds.size(); ++k) {
                    if (!kinds[k].actions.contains(entry.action)) {
                        continue;
                    }
                    AuditRef ref{entry.seq, entry.caseId, entry.action,
                                 QJsonDocument::fromJson(entry.detailsJson.toUtf8()).object()};
                    const qint64 recordId = ref.details.value(QLatin1String(kinds[k].idKey)).toInteger(-1);
                    const auto [it, inserted] = refs[k].emplace(recordId, std::move(ref));
                    if (!inserted) {
                        fail(entry.seq, QStringLiteral("rows %1 and %2 both record %3 %4")
                                            .arg(it->second.seq)
                                            .arg(entry.seq)
                                            .arg(QLatin1String(kinds[k].noun))
                                            .arg(recordId));
                        broken = true;
                    }
                }
            }
            previous = entry.hash;
            ++expectedSeq;
        }
        rows.finish();
        if (!broken) {
            const qint64 lastSeq = expectedSeq - 1;
            if (!haveHead) {
                fail(lastSeq + 1, QStringLiteral("the audit chain head is missing"));
            } else if (headSeq != lastSeq || headHash != previous) {
                fail(std::min(headSeq, lastSeq) + 1,
                     headSeq > lastSeq
                         ? QStringLiteral("the log ends at row %1 but the chain head records row "
                                          "%2 (rows were removed from the end)")
                               .arg(lastSeq)
                               .arg(headSeq)
                         : QStringLiteral("the chain head does not match row %1").arg(lastSeq));
            } else if (const qint64 beyond = lastAnchoredSeq(anchors); beyond > lastSeq) {
                fail(lastSeq + 1,
                     QStringLiteral("an anchor names row %1 but the log ends at row %2 (rows were "
                                    "removed)")
                         .arg(beyond)
                         .arg(lastSeq));
            } else {
                result.ok = true;
                checkRecords(connection, kinds, refs, result);
                if (result.ok)
                    result.headHash = previous;
            }
        }
        connection.commit();
    } catch (...) {
        connection.rollback();
        throw;
    }
    return result;
}

std::vector<AuditEntry> readAuditEntries(Connection& connection, std::optional<qint64> caseId) {
    QSqlQuery query = connection.prepare(
        caseId ? QStringLiteral("SELECT %1 FROM audit_log WHERE case_id = ? ORDER BY seq").arg(kAuditColumns)
               : QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(kAuditColumns));
    if (caseId) {
        query.addBindValue(*caseId);
    }
    connection.exec(query, "read the audit log");
    std::vector<AuditEntry> entries;
    while (query.next()) {
        entries.push_back(entryFromQuery(query));
    }
    return entries;
}

}  // namespace boneage::store::detail
