#include "ui/CaseRepository.h"

#include "store/CaseStore.h"

namespace boneage::ui {

CaseRepository::CaseRepository(const store::StoreConfig& config, const QString& actor, QObject* parent)
    : QObject(parent), m_store(std::make_unique<store::CaseStore>(config, actor)) {}

CaseRepository::~CaseRepository() = default;

qint64 CaseRepository::importCase(const store::CaseRecord& record) {
    const qint64 id = m_store->upsertCase(record);
    Q_EMIT caseChanged(id);
    return id;
}

std::vector<store::CaseSummary> CaseRepository::cases() const {
    return m_store->listCases();
}

std::optional<store::CaseSummary> CaseRepository::caseById(qint64 id) const {
    return m_store->caseSummary(id);
}

void CaseRepository::recordView(qint64 id) {
    m_store->logView(id);
}

qint64 CaseRepository::recordPrediction(const store::PredictionRecord& prediction) {
    const qint64 id = m_store->addPrediction(prediction);
    Q_EMIT caseChanged(prediction.caseId);
    return id;
}

qint64 CaseRepository::recordDecision(const store::ReadRecord& read) {
    const qint64 id = m_store->addRead(read);
    Q_EMIT caseChanged(read.caseId);
    return id;
}

qint64 CaseRepository::recordReport(const assessment::CaseReportBasis& basis,
                                    const report::ReportFiles& files, const QString& signer) {
    const qint64 id = assessment::recordCaseReport(*m_store, basis, files, signer);
    Q_EMIT caseChanged(basis.record.id);
    return id;
}

void CaseRepository::setEnteredFacts(qint64 id, const store::PatientFacts& entered) {
    m_store->setEnteredFacts(id, entered);
    Q_EMIT caseChanged(id);
}

void CaseRepository::setReader(const QString& reader) {
    m_store->setActor(reader);
}

QString CaseRepository::reader() const {
    return m_store->actor();
}

QString CaseRepository::describe() const {
    if (m_store->config().temporary)
        return tr("not saved (everything is deleted when the workstation closes)");
    return m_store->config().describe();
}

}  // namespace boneage::ui
