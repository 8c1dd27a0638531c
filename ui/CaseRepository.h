#pragma once

#include <QObject>
#include <optional>
#include <vector>

#include "ui/CaseEntry.h"

namespace boneage::ui {

/// Where the workstation keeps its cases and every view, prediction and decision on them.
///
/// Every user action that touches a case goes through here, so an implementation backed by the case database
/// writes its audit row for each. Lives on the GUI thread; all methods are called there.
/// Failures (a database that cannot be written) throw boneage::Error; callers show its what() to the user.
class CaseRepository : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~CaseRepository() override = default;

    /// Adds the case, or updates the one with the same SOP instance UID (else the same source path), and
    /// returns its id. Its model read, decision and report flag are kept as stored.
    virtual qint64 addCase(const CaseEntry& entry) = 0;
    /// Every case, newest first.
    virtual std::vector<CaseEntry> cases() const = 0;
    virtual std::optional<CaseEntry> caseById(qint64 id) const = 0;
    /// The radiologist opened the case.
    virtual void recordView(qint64 id) = 0;
    virtual void recordPrediction(qint64 id, const ModelRead& read) = 0;
    virtual void recordDecision(qint64 id, const ReaderDecision& decision) = 0;
    /// A short description of where cases are kept ("in memory", "/home/x/.local/share/.../cases.sqlite").
    virtual QString describe() const = 0;

Q_SIGNALS:
    /// A case was added or changed (its id).
    void caseChanged(qint64 id);
};

}  // namespace boneage::ui
