#pragma once

#include <QDialog>
#include <optional>
#include <utility>
#include <vector>

#include "store/DatabaseBackups.h"

class QPushButton;
class QVBoxLayout;

namespace boneage::ui {

/// Why the case database could not be used at start, for DatabaseProblemDialog.
struct DatabaseProblem {
    enum class Kind {
        Damaged,      ///< the SQLite file is damaged (store::DamagedDatabase); it was left as it was
        Unavailable,  ///< it cannot be opened or created (no permission, server down, newer schema, ...)
    };

    Kind kind = Kind::Unavailable;
    QString database;          ///< where, without secrets (store::StoreConfig::describe())
    QString cause;             ///< the error's sentence
    bool canStartNew = false;  ///< a SQLite file that can be moved aside
    std::optional<store::BackupInfo> latestBackup;  ///< the newest backup beside a SQLite database
};

/// Says at start, before any work is done, that the case database cannot be used, why, and what the
/// choices are: open the latest backup or start a new database (a damaged file is moved aside, never
/// deleted), try again (a database that may come back), work without saving (plainly: nothing is kept), or
/// quit. exec() returns QDialog::Accepted for every choice but Quit; choice() tells which.
class DatabaseProblemDialog : public QDialog {
    Q_OBJECT
public:
    enum class Choice { Quit, OpenLatestBackup, StartNewDatabase, TryAgain, WorkWithoutSaving };

    explicit DatabaseProblemDialog(const DatabaseProblem& problem, QWidget* parent = nullptr);

    Choice choice() const { return m_choice; }
    /// The button for a choice, or nullptr when the problem does not offer it (for tests and shortcuts).
    QPushButton* button(Choice choice) const;

private:
    QPushButton* addChoice(Choice choice, const QString& text, const QString& explanation);

    Choice m_choice = Choice::Quit;
    std::vector<std::pair<Choice, QPushButton*>> m_buttons;
    QVBoxLayout* m_choices = nullptr;
};

}  // namespace boneage::ui
