#pragma once

#include <QWidget>
#include <optional>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QLabel;

namespace boneage::ui {

class WorklistModel;

/// The worklist dock: a searchable, sortable table of cases. Selecting a row opens its case; files and
/// folders dropped on it are imported. GUI thread only.
class WorklistPanel : public QWidget {
    Q_OBJECT
public:
    explicit WorklistPanel(WorklistModel& model, QWidget* parent = nullptr);

    /// Selects the case's row (opening it through caseActivated only when `activate`).
    void selectCase(qint64 caseId, bool activate = false);
    QTableView* table() const { return m_table; }
    /// The next (step +1) or previous (-1) unread case (no decision yet) after `from` in the order the table
    /// shows (sorted, filtered), wrapping around; empty when every shown case is read.
    std::optional<qint64> nextUnread(std::optional<qint64> from, int step) const;
    /// The line under the table (imports); `details` is its tool tip.
    void setStatusText(const QString& text, const QString& details = {});
    QString statusText() const;

Q_SIGNALS:
    void caseActivated(qint64 caseId);
    void openFilesRequested();
    void openFolderRequested();
    void filesDropped(const QStringList& paths);

protected:
    void dragEnterEvent(class QDragEnterEvent* event) override;
    void dropEvent(class QDropEvent* event) override;

private:
    WorklistModel& m_model;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    bool m_selecting = false;
};

}  // namespace boneage::ui
