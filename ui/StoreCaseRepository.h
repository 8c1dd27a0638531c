#pragma once

#include <memory>

#include "store/StoreConfig.h"
#include "ui/CaseRepository.h"

namespace boneage::store {
class CaseStore;
}

namespace boneage::ui {

/// Cases in the case database (core/store): everything survives a restart and every view, prediction and
/// decision writes its audit row. Owns a store::CaseStore on the GUI thread (construct it there).
/// The constructor throws boneage::Error(Storage) when the database cannot be opened.
class StoreCaseRepository : public CaseRepository {
    Q_OBJECT
public:
    StoreCaseRepository(const store::StoreConfig& config, const QString& actor, QObject* parent = nullptr);
    ~StoreCaseRepository() override;

    qint64 addCase(const CaseEntry& entry) override;
    std::vector<CaseEntry> cases() const override;
    std::optional<CaseEntry> caseById(qint64 id) const override;
    void recordView(qint64 id) override;
    void recordPrediction(qint64 id, const ModelRead& read) override;
    void recordDecision(qint64 id, const ReaderDecision& decision) override;
    QString describe() const override;

    store::CaseStore& store() { return *m_store; }

private:
    std::unique_ptr<store::CaseStore> m_store;
};

}  // namespace boneage::ui
