#pragma once

// Internal to core/store: the read side (row mapping and the worklist queries) behind CaseStore.

#include <QString>
#include <optional>
#include <vector>

#include "store/Records.h"

namespace boneage::store::detail {

class Connection;

/// Which cases a summary query returns.
struct CaseFilter {
    std::optional<qint64> caseId;
    std::optional<QString> sopInstanceUid;
    std::optional<QString> sourcePathWithoutUid;  ///< cases with no SOP UID and this source path
};

/// Cases with their latest prediction, read and report; newest case first. Runs inside the caller's
/// transaction when one is open, otherwise in its own read snapshot.
std::vector<CaseSummary> queryCaseSummaries(Connection& connection, const CaseFilter& filter);
std::vector<PredictionRecord> queryPredictions(Connection& connection, qint64 caseId, bool latestOnly);
/// Reads of one case, or of every case without one.
std::vector<ReadRecord> queryReads(Connection& connection, std::optional<qint64> caseId, bool latestOnly);
std::vector<ReportRecord> queryReports(Connection& connection, qint64 caseId);

}  // namespace boneage::store::detail
