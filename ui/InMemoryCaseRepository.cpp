#include "ui/InMemoryCaseRepository.h"

#include <algorithm>

#include "common/Error.h"

namespace boneage::ui {

qint64 InMemoryCaseRepository::addCase(const CaseEntry& entry) {
    auto same = [&](const CaseEntry& c) {
        return entry.sopInstanceUid.isEmpty() ? c.sopInstanceUid.isEmpty() && c.sourcePath == entry.sourcePath
                                              : c.sopInstanceUid == entry.sopInstanceUid;
    };
    auto it = std::find_if(m_cases.begin(), m_cases.end(), same);
    if (it != m_cases.end()) {
        CaseEntry updated = entry;
        updated.id = it->id;
        updated.modelRead = it->modelRead;
        updated.decision = it->decision;
        updated.reported = it->reported;
        *it = updated;
        Q_EMIT caseChanged(it->id);
        return it->id;
    }
    CaseEntry added = entry;
    added.id = m_nextId++;
    added.modelRead.reset();
    added.decision.reset();
    added.reported = false;
    m_cases.push_back(added);
    Q_EMIT caseChanged(added.id);
    return added.id;
}

std::vector<CaseEntry> InMemoryCaseRepository::cases() const {
    return {m_cases.rbegin(), m_cases.rend()};
}

std::optional<CaseEntry> InMemoryCaseRepository::caseById(qint64 id) const {
    for (const CaseEntry& c : m_cases) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

CaseEntry& InMemoryCaseRepository::entry(qint64 id) {
    for (CaseEntry& c : m_cases) {
        if (c.id == id)
            return c;
    }
    throw Error(ErrorCode::Storage, "in-memory cases", "no case with id " + std::to_string(id));
}

void InMemoryCaseRepository::recordView(qint64 id) {
    entry(id);
    for (auto& [caseId, count] : m_views) {
        if (caseId == id) {
            ++count;
            return;
        }
    }
    m_views.emplace_back(id, 1);
}

void InMemoryCaseRepository::recordPrediction(qint64 id, const ModelRead& read) {
    entry(id).modelRead = read;
    Q_EMIT caseChanged(id);
}

void InMemoryCaseRepository::recordDecision(qint64 id, const ReaderDecision& decision) {
    entry(id).decision = decision;
    Q_EMIT caseChanged(id);
}

QString InMemoryCaseRepository::describe() const {
    return tr("in memory (not saved)");
}

int InMemoryCaseRepository::viewCount(qint64 id) const {
    for (const auto& [caseId, count] : m_views) {
        if (caseId == id)
            return count;
    }
    return 0;
}

}  // namespace boneage::ui
