#pragma once

#include <QObject>
#include <memory>
#include <optional>
#include <vector>

#include "assessment/CaseReport.h"
#include "store/Records.h"
#include "store/StoreConfig.h"

namespace boneage::store {
class CaseStore;
}

namespace boneage::ui {

/// The workstation's cases: the case database (core/store) on the GUI thread, and a signal when a case
/// changes so that the worklist and the review follow. Every view, prediction, entry and decision goes
/// through here and writes its audit row; the records are the store's own (one case type, from the database
/// to the screen). A session that keeps nothing runs on a temporary SQLite file, with the same rules.
///
/// GUI thread only; construct it there. Failures (a database that cannot be opened or written) throw
/// boneage::Error(Storage); callers show what() to the user.
class CaseRepository : public QObject {
    Q_OBJECT
public:
    /// Opens (creating and migrating) the database; `actor` is the reader named in the audit log.
    CaseRepository(const store::StoreConfig& config, const QString& actor, QObject* parent = nullptr);
    ~CaseRepository() override;

    /// Adds the film's case, or refreshes the one with the same SOP instance UID (else source path) from the
    /// film; what a reader entered, predictions and decisions are kept. Returns its id.
    qint64 importCase(const store::CaseRecord& record);
    /// Every case with its latest prediction, read and report, newest first.
    std::vector<store::CaseSummary> cases() const;
    std::optional<store::CaseSummary> caseById(qint64 id) const;

    /// The radiologist opened the case.
    void recordView(qint64 id);
    /// Stores the model's prediction (placed against the case by assessment::placePrediction()); returns
    /// its id.
    qint64 recordPrediction(const store::PredictionRecord& prediction);
    /// Stores the reader's decision (placed against the case by assessment::placeDecision()); it names the
    /// prediction it was made on. Returns its id.
    qint64 recordDecision(const store::ReadRecord& read);
    /// Records a signed report of the case (assessment::recordCaseReport(): a revision of the case's previous
    /// report when there is one, both SHA-256 in its audit row); the case then shows Reported. Returns its
    /// id.
    qint64 recordReport(const assessment::CaseReportBasis& basis, const report::ReportFiles& files,
                        const QString& signer);
    /// Stores what the reader entered for the patient (sex, dates).
    void setEnteredFacts(qint64 id, const store::PatientFacts& entered);

    /// The reader from now on (audit actor and decisions).
    void setReader(const QString& reader);
    QString reader() const;
    /// Where cases are kept, without secrets ("/home/x/.local/share/boneage/cases.sqlite").
    QString describe() const;
    store::CaseStore& store() { return *m_store; }

Q_SIGNALS:
    /// A case was added or changed (its id).
    void caseChanged(qint64 id);

private:
    std::unique_ptr<store::CaseStore> m_store;
};

}  // namespace boneage::ui
