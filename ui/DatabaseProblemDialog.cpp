#include "ui/DatabaseProblemDialog.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace boneage::ui {

namespace {

QLabel* wrappedLabel(const QString& text, const QString& name, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

DatabaseProblemDialog::DatabaseProblemDialog(const DatabaseProblem& problem, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("databaseProblemDialog"));
    setWindowTitle(tr("Case database problem"));
    setModal(true);
    const bool damaged = problem.kind == DatabaseProblem::Kind::Damaged;

    auto* layout = new QVBoxLayout(this);
    auto* headline = wrappedLabel(
        damaged ? tr("The case database is damaged.") : tr("The case database cannot be opened."),
        QStringLiteral("headlineLabel"), this);
    QFont bold = headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    headline->setFont(bold);
    layout->addWidget(headline);
    layout->addWidget(wrappedLabel(problem.cause, QStringLiteral("causeLabel"), this));
    if (!problem.database.isEmpty() && !problem.cause.contains(problem.database)) {
        layout->addWidget(wrappedLabel(tr("Case database: %1").arg(problem.database),
                                       QStringLiteral("databaseLabel"), this));
    }
    if (damaged) {
        layout->addWidget(wrappedLabel(tr("The damaged file has not been changed. Nothing has been opened or "
                                          "written yet; choose how to go on."),
                                       QStringLiteral("untouchedLabel"), this));
    }

    m_choices = new QVBoxLayout;
    m_choices->setSpacing(10);
    layout->addSpacing(8);
    layout->addLayout(m_choices);
    if (damaged && problem.latestBackup) {
        const store::BackupInfo& backup = *problem.latestBackup;
        const QString when = QLocale().toString(backup.createdUtc.toLocalTime(), QLocale::LongFormat);
        const QString kind = backup.kind == store::BackupInfo::Kind::Daily ? tr("daily backup")
                             : backup.kind == store::BackupInfo::Kind::AtClose
                                 ? tr("backup made at closing")
                                 : tr("backup made before a schema upgrade");
        addChoice(
            Choice::OpenLatestBackup, tr("Open the latest backup"),
            tr("The %1 of %2 (%3) is copied into place. Work done after it is not in it. The damaged file "
               "is kept beside it, renamed.")
                .arg(kind, when, QFileInfo(backup.path).fileName()));
    } else if (damaged) {
        layout->addWidget(
            wrappedLabel(tr("No backup of this database was found."), QStringLiteral("noBackupLabel"), this));
    }
    if (problem.canStartNew) {
        addChoice(Choice::StartNewDatabase, tr("Start a new database"),
                  tr("An empty case database is created. The old file is kept beside it, renamed, never "
                     "deleted."));
    }
    if (!damaged) {
        addChoice(Choice::TryAgain, tr("Try again"),
                  tr("For a database that may become reachable (a server starting, a network share)."));
    }
    addChoice(Choice::WorkWithoutSaving, tr("Work without saving"),
              tr("Nothing is kept: every case, reading and decision of this session is deleted when the "
                 "workstation closes."));
    addChoice(Choice::Quit, tr("Quit"), tr("Close the workstation and leave everything as it is."));
    if (QPushButton* first = m_buttons.front().second) {
        first->setDefault(true);
        first->setFocus();
    }
    setMinimumWidth(560);
}

QPushButton* DatabaseProblemDialog::addChoice(Choice choice, const QString& text,
                                              const QString& explanation) {
    static const char* const names[] = {"quitButton", "openBackupButton", "newDatabaseButton",
                                        "tryAgainButton", "withoutSavingButton"};
    auto* button = new QPushButton(text, this);
    button->setObjectName(QLatin1String(names[int(choice)]));
    button->setAutoDefault(false);
    auto* row = new QHBoxLayout;
    button->setMinimumWidth(200);
    row->addWidget(button, 0, Qt::AlignTop);
    auto* note = wrappedLabel(explanation, button->objectName() + QStringLiteral("Note"), this);
    row->addWidget(note, 1);
    m_choices->addLayout(row);
    m_buttons.emplace_back(choice, button);
    connect(button, &QPushButton::clicked, this, [this, choice] {
        m_choice = choice;
        if (choice == Choice::Quit) {
            reject();
        } else {
            accept();
        }
    });
    return button;
}

QPushButton* DatabaseProblemDialog::button(Choice choice) const {
    for (const auto& [c, b] : m_buttons) {
        if (c == choice) {
            return b;
        }
    }
    return nullptr;
}

}  // namespace boneage::ui
