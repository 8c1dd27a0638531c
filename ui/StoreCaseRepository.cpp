#include "ui/StoreCaseRepository.h"

#include "clinical/ChronologicalAge.h"
#include "store/CaseStore.h"

namespace boneage::ui {

namespace {

std::optional<double> ageMonths(const QDate& birth, const QDate& study) {
    if (!birth.isValid() || !study.isValid() || study < birth)
        return std::nullopt;
    try {
        return clinical::chronologicalAgeMonths({birth.year(), birth.month(), birth.day()},
                                                {study.year(), study.month(), study.day()});
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

CaseEntry toEntry(const store::CaseSummary& summary) {
    const store::CaseRecord& r = summary.caseRecord;
    CaseEntry e;
    e.id = r.id;
    e.sourcePath = r.sourcePath;
    e.sopInstanceUid = r.sopInstanceUid;
    e.patientId = r.patientId;
    e.patientName = r.patientName;
    e.sex = r.sex;
    e.birthDate = r.birthDate;
    e.studyDate = r.studyDate;
    e.chronologicalAgeMonths = ageMonths(r.birthDate, r.studyDate);
    if (const auto& p = summary.latestPrediction) {
        ModelRead m;
        m.boneAgeMonths = p->boneAgeMonths;
        m.sdMonths = p->sdMonths;
        m.zScore = p->zScore;
        m.verdict = p->verdict;
        m.modelName = p->modelName;
        m.modelVersion = p->modelVersion;
        m.modelSha256 = p->modelSha256;
        m.device = p->device;
        e.modelRead = m;
    }
    if (const auto& read = summary.latestRead) {
        ReaderDecision d;
        d.kind = read->kind == store::ReadRecord::Kind::Confirm ? ReaderDecision::Kind::Confirm
                                                                : ReaderDecision::Kind::Override;
        d.boneAgeMonths = read->valueMonths;
        d.reader = read->reader;
        d.reason = read->reason;
        e.decision = d;
    }
    e.reported = summary.latestReport.has_value();
    return e;
}

}  // namespace

StoreCaseRepository::StoreCaseRepository(const store::StoreConfig& config, const QString& actor,
                                         QObject* parent)
    : CaseRepository(parent), m_store(std::make_unique<store::CaseStore>(config, actor)) {}

StoreCaseRepository::~StoreCaseRepository() = default;

qint64 StoreCaseRepository::addCase(const CaseEntry& entry) {
    store::CaseRecord r;
    r.sourcePath = entry.sourcePath;
    r.sopInstanceUid = entry.sopInstanceUid;
    r.patientId = entry.patientId;
    r.patientName = entry.patientName;
    r.sex = entry.sex;
    r.birthDate = entry.birthDate;
    r.studyDate = entry.studyDate;
    const qint64 id = m_store->upsertCase(r);
    Q_EMIT caseChanged(id);
    return id;
}

std::vector<CaseEntry> StoreCaseRepository::cases() const {
    std::vector<CaseEntry> out;
    for (const store::CaseSummary& s : m_store->listCases())
        out.push_back(toEntry(s));
    return out;
}

std::optional<CaseEntry> StoreCaseRepository::caseById(qint64 id) const {
    if (auto s = m_store->caseSummary(id))
        return toEntry(*s);
    return std::nullopt;
}

void StoreCaseRepository::recordView(qint64 id) {
    m_store->logView(id);
}

void StoreCaseRepository::recordPrediction(qint64 id, const ModelRead& read) {
    store::PredictionRecord p;
    p.caseId = id;
    p.modelName = read.modelName;
    p.modelVersion = read.modelVersion;
    p.modelSha256 = read.modelSha256;
    p.device = read.device;
    p.boneAgeMonths = read.boneAgeMonths;
    p.sdMonths = read.sdMonths;
    p.zScore = read.zScore;
    p.verdict = read.verdict;
    m_store->addPrediction(p);
    Q_EMIT caseChanged(id);
}

void StoreCaseRepository::recordDecision(qint64 id, const ReaderDecision& decision) {
    store::ReadRecord r;
    r.caseId = id;
    if (auto p = m_store->latestPrediction(id))
        r.predictionId = p->id;
    r.reader = decision.reader;
    r.valueMonths = decision.boneAgeMonths;
    r.kind = decision.kind == ReaderDecision::Kind::Confirm ? store::ReadRecord::Kind::Confirm
                                                            : store::ReadRecord::Kind::Override;
    r.reason = decision.reason;
    m_store->addRead(r);
    Q_EMIT caseChanged(id);
}

QString StoreCaseRepository::describe() const {
    return m_store->config().describe();
}

}  // namespace boneage::ui
