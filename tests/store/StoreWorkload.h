#pragma once

// The write workload the store tests run in threads and in child processes (no Qt Test here: the child
// executable links it too).

#include <QJsonObject>
#include <QString>

#include "store/StoreConfig.h"

namespace boneage::store::test {

/// What one writer committed. Every committed write is one record plus one audit row.
struct WorkloadResult {
    qint64 cases = 0;
    qint64 predictions = 0;
    qint64 reads = 0;
    qint64 errors = 0;   ///< exceptions surfaced by the store
    qint64 retries = 0;  ///< lock races the store absorbed (CaseStore::transientRetries)
    qint64 elapsedMs = 0;
    QString firstError;

    qint64 writes() const { return cases + predictions + reads; }
    QJsonObject toJson() const;
    static WorkloadResult fromJson(const QJsonObject& json);
};

/// Performs `writes` writes as actor `tag` on its own CaseStore (so call it on the thread that should own
/// it): write i creates a case (SOP UID "<tag>.<i>") when i % 50 == 0, adds a prediction (model "<tag>")
/// when i % 4 == 1, and a read (reader "<tag>", confirm/override alternating) otherwise.
WorkloadResult runWorkload(const StoreConfig& config, const QString& tag, int writes);

/// What runWorkload commits when nothing fails.
WorkloadResult expectedWorkload(int writes);

/// The child's command line for a database ("--db PATH" or "--pg CONNSTRING", with its sslmode and
/// sslrootcert).
QStringList childDatabaseArguments(const StoreConfig& config);
/// Inverse of childDatabaseArguments(); throws boneage::Error on anything else.
StoreConfig configFromChildArguments(const QStringList& arguments);

}  // namespace boneage::store::test
