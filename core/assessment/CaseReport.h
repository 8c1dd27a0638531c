#pragma once
// A stored case's signed report: what the store says it reports (the case, the reader's latest decision, the
// prediction that decision was made on, the report it revises), the report's content, and the signed files
// recorded back in the store. The CLI (`boneage report --case`) and the workstation's report dialog both go
// through here.

#include <QByteArray>
#include <QString>
#include <optional>

#include "engine/EngineTypes.h"
#include "imaging/Film.h"
#include "report/ReportContent.h"
#include "report/ReportWriter.h"
#include "store/Records.h"

namespace boneage::store {
class CaseStore;
}

namespace boneage::assessment {

/// What a case's report is made from, as the store has it. Plain values: safe to copy to a worker thread.
struct CaseReportBasis {
    store::CaseRecord record;
    store::PredictionRecord prediction;  ///< the prediction the decision names (else the newest one)
    store::ReadRecord read;              ///< the reader's latest decision
    /// The case's newest signed report, when it has one: the new report is its revision.
    std::optional<store::ReportRecord> predecessor;
    QByteArray predecessorSr;  ///< the predecessor's signed SR as stored with it

    /// The options writeSignedReport() takes for this basis (the predecessor's SR when there is one).
    report::ReportOptions options(report::PaperSize paper) const;
};

/// Reads the basis of case `caseId`'s report from `store`. Throws Error(BadInput, "case N") when the case
/// does not exist, has no reader decision yet or no model prediction, or when its previous report has no
/// stored SR to revise (a report signed before schema 4); Error(Storage) when the store fails.
CaseReportBasis caseReportBasis(const store::CaseStore& store, qint64 caseId);

/// The report's content: patient and study from the case (the facts a reader entered before the film's,
/// resolvePatient()), the model's figures from the prediction, the reader's decision, and the SD, z-score
/// and verdict of the reader's bone age by placeBoneAge() (the case's one verdict rule); the film's
/// thumbnail and source UIDs from `film` (the case's film, loaded by the caller), and the Grad-CAM thumbnail
/// when `gradcam` is given. Signing fields (time, organisation) are left for the caller.
report::ReportContent reportContentForCase(const CaseReportBasis& basis, const imaging::Film& film,
                                           const engine::Heatmap* gradcam = nullptr);

/// Records the signed files as the case's report (a revision superseding the basis's predecessor), with
/// the decision it reports, both SHA-256 and the signed SR, and its audit row. `signer` is the certificate's
/// holder. Returns the report id. Throws Error(Storage) when the SR cannot be read back or the store
/// refuses (e.g. another report was signed for the case in between).
qint64 recordCaseReport(store::CaseStore& store, const CaseReportBasis& basis,
                        const report::ReportFiles& files, const QString& signer);

}  // namespace boneage::assessment
