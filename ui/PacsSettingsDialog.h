#pragma once

#include <QDialog>

#include "ui/PacsSettings.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace boneage::ui {

/// Edits PacsSettings: this workstation's AE title, its storage listener (on or off, port), the timeout,
/// where films from the PACS are kept, and the nodes (name, AE title, host, port, and which of C-FIND,
/// C-GET, C-MOVE and C-STORE each offers). OK keeps the dialog open and says what is wrong while the
/// settings are not usable.
class PacsSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsSettingsDialog(const PacsSettings& settings, QWidget* parent = nullptr);
    PacsSettings settings() const;

    /// Columns of the nodes table.
    enum Column { Name, AeTitle, Host, Port, Find, Get, Move, Store };

    /// Adds a row for `node` to the table.
    void addNode(const PacsNode& node);

private:
    void tryAccept();

    QLineEdit* m_ownAe = nullptr;
    QCheckBox* m_listener = nullptr;
    QSpinBox* m_port = nullptr;
    QSpinBox* m_timeout = nullptr;
    QLineEdit* m_storage = nullptr;
    QTableWidget* m_nodes = nullptr;
    QLabel* m_problem = nullptr;
};

}  // namespace boneage::ui
