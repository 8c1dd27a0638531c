#include "ui/PacsDialog.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "assessment/CaseReading.h"
#include "ui/PacsController.h"
#include "ui/PacsIntake.h"

namespace boneage::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString shownDate(const std::string& dicom) {
    const QDate d = QDate::fromString(qs(dicom), QStringLiteral("yyyyMMdd"));
    return d.isValid() ? d.toString(Qt::ISODate) : qs(dicom);
}

}  // namespace

PacsDialog::PacsDialog(PacsController& controller, QWidget* parent)
    : QDialog(parent), m_controller(controller) {
    setWindowTitle(tr("Query/Retrieve"));
    setModal(false);

    m_node = new QComboBox(this);
    m_node->setObjectName(QStringLiteral("pacsNodeCombo"));
    m_patientName = new QLineEdit(this);
    m_patientName->setObjectName(QStringLiteral("pacsPatientNameEdit"));
    m_patientName->setPlaceholderText(tr("e.g. DOE* or *ANNA* (wildcards * and ?)"));
    m_patientId = new QLineEdit(this);
    m_patientId->setObjectName(QStringLiteral("pacsPatientIdEdit"));
    m_accession = new QLineEdit(this);
    m_accession->setObjectName(QStringLiteral("pacsAccessionEdit"));
    m_dateFrom = new QLineEdit(this);
    m_dateFrom->setObjectName(QStringLiteral("pacsDateFromEdit"));
    m_dateFrom->setPlaceholderText(tr("YYYY-MM-DD"));
    m_dateTo = new QLineEdit(this);
    m_dateTo->setObjectName(QStringLiteral("pacsDateToEdit"));
    m_dateTo->setPlaceholderText(tr("YYYY-MM-DD"));
    m_modality = new QComboBox(this);
    m_modality->setObjectName(QStringLiteral("pacsModalityCombo"));
    m_modality->setEditable(true);
    m_modality->addItem(QString());
    m_modality->addItems({QStringLiteral("CR"), QStringLiteral("DX")});

    auto* fields = new QGridLayout;
    fields->addWidget(new QLabel(tr("Node"), this), 0, 0);
    fields->addWidget(m_node, 0, 1, 1, 3);
    fields->addWidget(new QLabel(tr("Patient name"), this), 1, 0);
    fields->addWidget(m_patientName, 1, 1);
    fields->addWidget(new QLabel(tr("Patient ID"), this), 1, 2);
    fields->addWidget(m_patientId, 1, 3);
    fields->addWidget(new QLabel(tr("Study date from"), this), 2, 0);
    fields->addWidget(m_dateFrom, 2, 1);
    fields->addWidget(new QLabel(tr("to"), this), 2, 2);
    fields->addWidget(m_dateTo, 2, 3);
    fields->addWidget(new QLabel(tr("Modality"), this), 3, 0);
    fields->addWidget(m_modality, 3, 1);
    fields->addWidget(new QLabel(tr("Accession"), this), 3, 2);
    fields->addWidget(m_accession, 3, 3);

    m_search = new QPushButton(tr("Search"), this);
    m_search->setObjectName(QStringLiteral("pacsSearchButton"));
    m_search->setDefault(true);
    m_retrieve = new QPushButton(tr("Retrieve into worklist"), this);
    m_retrieve->setObjectName(QStringLiteral("pacsRetrieveButton"));
    m_cancel = new QPushButton(tr("Cancel transfers"), this);
    m_cancel->setObjectName(QStringLiteral("pacsCancelButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_search);
    buttons->addWidget(m_retrieve);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);

    m_table = new QTableWidget(0, 8, this);
    m_table->setObjectName(QStringLiteral("pacsResultsTable"));
    m_table->setHorizontalHeaderLabels({tr("Patient"), tr("Patient ID"), tr("Study date"), tr("Accession"),
                                        tr("Modalities"), tr("Films"), tr("Description"), tr("Status")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("pacsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_kept = new QListWidget(this);
    m_kept->setObjectName(QStringLiteral("pacsKeptList"));
    m_kept->setMaximumHeight(90);
    for (const PacsIntake::Kept& k : m_controller.intake().kept())
        m_kept->addItem(tr("%1: kept, not read (%2)").arg(QFileInfo(k.file).fileName(), k.reason));

    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fields);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addWidget(new QLabel(tr("Received objects kept without reading (not hand films):"), this));
    layout->addWidget(m_kept);
    layout->addWidget(close);
    resize(980, 620);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::hide);
    connect(m_search, &QPushButton::clicked, this, &PacsDialog::startSearch);
    connect(m_patientName, &QLineEdit::returnPressed, this, &PacsDialog::startSearch);
    connect(m_patientId, &QLineEdit::returnPressed, this, &PacsDialog::startSearch);
    connect(m_retrieve, &QPushButton::clicked, this, &PacsDialog::retrieveSelected);
    connect(m_cancel, &QPushButton::clicked, &m_controller, &PacsController::cancelAll);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &PacsDialog::updateButtons);
    connect(m_node, &QComboBox::currentIndexChanged, this, &PacsDialog::updateButtons);

    connect(&m_controller, &PacsController::searchFinished, this, &PacsDialog::showStudies);
    connect(&m_controller, &PacsController::searchFailed, this, [this](const QString& text, bool cancelled) {
        m_searching = false;
        setMessage(cancelled ? tr("The search was cancelled.") : tr("The search failed: %1").arg(text),
                   !cancelled);
        updateButtons();
    });
    connect(
        &m_controller, &PacsController::studyProgress, this,
        [this](const QString& uid, const pacs::RetrieveProgress& p) {
            setStatus(
                uid,
                p.failed
                    ? tr("%1 received, %2 to come, %3 failed").arg(p.completed).arg(p.remaining).arg(p.failed)
                    : tr("%1 received, %2 to come").arg(p.completed).arg(p.remaining));
        });
    connect(&m_controller, &PacsController::studyRetrieved, this,
            [this](const QString& uid, int films, int cases, int kept) {
                --m_retrieving;
                if (cases < 0)
                    setStatus(uid, tr("%n film(s) sent to the listener", nullptr, films));
                else if (kept)
                    setStatus(uid, tr("Done: %n case(s) in the worklist", nullptr, cases) +
                                       tr(", %n object(s) kept unread", nullptr, kept));
                else
                    setStatus(uid, tr("Done: %n case(s) in the worklist", nullptr, cases));
                updateButtons();
            });
    connect(&m_controller, &PacsController::studyFailed, this,
            [this](const QString& uid, const QString& text, bool cancelled) {
                --m_retrieving;
                setStatus(uid, cancelled ? tr("Cancelled") : tr("Failed"));
                setMessage(cancelled ? tr("The retrieve was cancelled; nothing of the study was kept.")
                                     : tr("The retrieve failed; nothing of the study was kept. %1").arg(text),
                           !cancelled);
                updateButtons();
            });
    connect(&m_controller.intake(), &PacsIntake::objectKept, this, [this](const PacsIntake::Kept& k) {
        m_kept->addItem(tr("%1: kept, not read (%2)").arg(QFileInfo(k.file).fileName(), k.reason));
    });
    updateButtons();
}

void PacsDialog::setNodes(const QList<PacsNode>& nodes) {
    const QString current = m_node->currentData().toString();
    m_node->clear();
    for (const PacsNode& n : nodes)
        m_node->addItem(n.label(), n.name);
    const int index = m_node->findData(current);
    if (index >= 0)
        m_node->setCurrentIndex(index);
    if (nodes.isEmpty())
        setMessage(tr("No node answers searches: add one in PACS \u203a PACS settings."), true);
    updateButtons();
}

std::optional<std::string> PacsDialog::dicomDate(const QString& text) {
    QString t = text.trimmed();
    t.remove(QLatin1Char('-'));
    if (t.isEmpty())
        return std::string();
    if (t.size() != 8 || !QDate::fromString(t, QStringLiteral("yyyyMMdd")).isValid())
        return std::nullopt;
    return t.toStdString();
}

void PacsDialog::startSearch() {
    if (m_node->currentIndex() < 0) {
        setMessage(tr("Choose a node to search."), true);
        return;
    }
    pacs::StudyQuery query;
    query.patientName = m_patientName->text().trimmed().toStdString();
    query.patientId = m_patientId->text().trimmed().toStdString();
    query.accessionNumber = m_accession->text().trimmed().toStdString();
    query.modality = m_modality->currentText().trimmed().toUpper().toStdString();
    const auto from = dicomDate(m_dateFrom->text()), to = dicomDate(m_dateTo->text());
    if (!from || !to) {
        setMessage(tr("A study date is written YYYY-MM-DD, e.g. 2024-03-01."), true);
        return;
    }
    if (!from->empty() && !to->empty() && *from > *to) {
        setMessage(tr("The study date range ends before it begins."), true);
        return;
    }
    query.studyDateFrom = *from;
    query.studyDateTo = *to;
    m_searchedNode = m_node->currentData().toString();
    m_searching = true;
    setMessage(tr("Searching %1\u2026").arg(m_node->currentText()), false);
    updateButtons();
    m_controller.search(m_searchedNode, query);
}

void PacsDialog::showStudies(const QList<pacs::StudyRecord>& studies) {
    m_searching = false;
    m_studies = studies;
    m_table->setRowCount(0);
    m_table->setRowCount(int(studies.size()));
    for (int row = 0; row < studies.size(); ++row) {
        const pacs::StudyRecord& s = studies[row];
        QString modalities;
        for (const std::string& m : s.modalities)
            modalities += (modalities.isEmpty() ? QString() : QStringLiteral(", ")) + qs(m);
        const QStringList cells = {assessment::readablePersonName(s.patientName),
                                   qs(s.patientId),
                                   shownDate(s.studyDate),
                                   qs(s.accessionNumber),
                                   modalities,
                                   s.numberOfInstances ? QString::number(*s.numberOfInstances) : QString(),
                                   qs(s.studyDescription),
                                   QString()};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
        m_table->item(row, 0)->setData(Qt::UserRole, qs(s.studyInstanceUid));
    }
    m_table->resizeColumnsToContents();
    setMessage(studies.size() == 1 ? tr("1 study found.") : tr("%1 studies found.").arg(studies.size()),
               false);
    updateButtons();
}

void PacsDialog::retrieveSelected() {
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    for (const int row : rows) {
        if (row >= m_studies.size())
            continue;
        setStatus(qs(m_studies[row].studyInstanceUid), tr("Retrieving\u2026"));
        ++m_retrieving;
        m_controller.retrieve(m_searchedNode, m_studies[row]);
    }
    if (!rows.isEmpty())
        setMessage(rows.size() == 1
                       ? tr("Retrieving 1 study from %1\u2026").arg(m_searchedNode)
                       : tr("Retrieving %1 studies from %2\u2026").arg(rows.size()).arg(m_searchedNode),
                   false);
    updateButtons();
}

int PacsDialog::rowOf(const QString& studyUid) const {
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, 0) && m_table->item(row, 0)->data(Qt::UserRole).toString() == studyUid)
            return row;
    return -1;
}

void PacsDialog::setStatus(const QString& studyUid, const QString& text) {
    const int row = rowOf(studyUid);
    if (row < 0)
        return;
    m_table->item(row, Status)->setText(text);
}

void PacsDialog::setMessage(const QString& text, bool problem) {
    m_message->setText(text);
    m_message->setProperty("problem", problem);
}

void PacsDialog::updateButtons() {
    m_search->setEnabled(m_node->currentIndex() >= 0);
    m_retrieve->setEnabled(!m_table->selectionModel()->selectedRows().isEmpty());
    m_cancel->setEnabled(m_searching || m_retrieving > 0);
}

QString PacsDialog::messageText() const {
    return m_message->text();
}

QString PacsDialog::studyUidAt(int row) const {
    return m_table->item(row, 0) ? m_table->item(row, 0)->data(Qt::UserRole).toString() : QString();
}

QString PacsDialog::statusAt(int row) const {
    return m_table->item(row, Status) ? m_table->item(row, Status)->text() : QString();
}

int PacsDialog::rowCount() const {
    return m_table->rowCount();
}

}  // namespace boneage::ui
