#include "ui/WorklistPanel.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "assessment/CaseReading.h"
#include "ui/WorklistModel.h"

namespace boneage::ui {

WorklistPanel::WorklistPanel(WorklistModel& model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("worklistPanel"));
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Worklist"), this);
    title->setObjectName(QStringLiteral("panelTitle"));
    top->addWidget(title);
    top->addStretch();
    auto* openFiles = new QToolButton(this);
    openFiles->setText(tr("Open files\u2026"));
    openFiles->setToolTip(tr("Open DICOM or PNG films (Ctrl+O)"));
    auto* openFolder = new QToolButton(this);
    openFolder->setText(tr("Open folder\u2026"));
    top->addWidget(openFiles);
    top->addWidget(openFolder);
    layout->addLayout(top);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter by patient, date or status"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(&m_model);
    m_proxy->setSortRole(WorklistModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("worklistTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(26);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("mutedLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(openFiles, &QToolButton::clicked, this, &WorklistPanel::openFilesRequested);
    connect(openFolder, &QToolButton::clicked, this, &WorklistPanel::openFolderRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (m_selecting || !current.isValid())
                    return;
                Q_EMIT caseActivated(current.data(WorklistModel::CaseIdRole).toLongLong());
            });
}

void WorklistPanel::selectCase(qint64 caseId, bool activate) {
    const int row = m_model.rowOf(caseId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model.index(row, 0));
    m_selecting = !activate;
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_selecting = false;
}

std::optional<qint64> WorklistPanel::nextUnread(std::optional<qint64> from, int step) const {
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return std::nullopt;
    int start = step > 0 ? -1 : rows;
    if (from) {
        const int sourceRow = m_model.rowOf(*from);
        if (sourceRow >= 0)
            start = m_proxy->mapFromSource(m_model.index(sourceRow, 0)).row();
    }
    for (int i = 1; i <= rows; ++i) {
        const int row = ((start + step * i) % rows + rows) % rows;
        const QModelIndex index = m_proxy->index(row, 0);
        const int sourceRow = m_proxy->mapToSource(index).row();
        const assessment::CaseReading* reading = m_model.readingAt(sourceRow);
        const qint64 id = index.data(WorklistModel::CaseIdRole).toLongLong();
        if (reading && !reading->decided() && (!from || id != *from))
            return id;
    }
    return std::nullopt;
}

void WorklistPanel::setStatusText(const QString& text, const QString& details) {
    m_status->setText(text);
    m_status->setToolTip(details);
}

QString WorklistPanel::statusText() const {
    return m_status->text();
}

void WorklistPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void WorklistPanel::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty())
        Q_EMIT filesDropped(paths);
}

}  // namespace boneage::ui
