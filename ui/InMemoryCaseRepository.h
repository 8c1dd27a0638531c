#pragma once

#include <QString>
#include <vector>

#include "ui/CaseRepository.h"

namespace boneage::ui {

/// Cases kept only for the session: for tests, and for a workstation whose database cannot be opened.
/// Counts views so tests can check that opening a case is recorded.
class InMemoryCaseRepository : public CaseRepository {
    Q_OBJECT
public:
    using CaseRepository::CaseRepository;

    qint64 addCase(const CaseEntry& entry) override;
    std::vector<CaseEntry> cases() const override;
    std::optional<CaseEntry> caseById(qint64 id) const override;
    void recordView(qint64 id) override;
    void recordPrediction(qint64 id, const ModelRead& read) override;
    void recordDecision(qint64 id, const ReaderDecision& decision) override;
    QString describe() const override;

    int viewCount(qint64 id) const;

private:
    CaseEntry& entry(qint64 id);

    std::vector<CaseEntry> m_cases;  // oldest first
    std::vector<std::pair<qint64, int>> m_views;
    qint64 m_nextId = 1;
};

}  // namespace boneage::ui
