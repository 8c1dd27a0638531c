#include "ui/PacsSettingsDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace boneage::ui {

namespace {

QTableWidgetItem* checkItem(bool on) {
    auto* item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    return item;
}

}  // namespace

PacsSettingsDialog::PacsSettingsDialog(const PacsSettings& settings, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("PACS settings"));
    auto* form = new QFormLayout;
    m_ownAe = new QLineEdit(settings.ownAeTitle, this);
    m_ownAe->setObjectName(QStringLiteral("pacsOwnAeEdit"));
    m_ownAe->setMaxLength(16);
    form->addRow(tr("This workstation's AE title"), m_ownAe);
    m_listener =
        new QCheckBox(tr("Receive films (storage listener): pushed films and C-MOVE retrieves"), this);
    m_listener->setObjectName(QStringLiteral("pacsListenerCheck"));
    m_listener->setChecked(settings.listenerEnabled);
    form->addRow(QString(), m_listener);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("pacsListenerPortSpin"));
    m_port->setRange(1, 65535);
    m_port->setValue(settings.listenerPort);
    form->addRow(tr("Listener port"), m_port);
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("pacsTimeoutSpin"));
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(settings.timeoutSeconds);
    form->addRow(tr("Timeout"), m_timeout);
    m_storage = new QLineEdit(settings.storageDir, this);
    m_storage->setObjectName(QStringLiteral("pacsStorageEdit"));
    m_storage->setPlaceholderText(PacsSettings::defaultStorageDir());
    auto* browse = new QPushButton(tr("Browse\u2026"), this);
    auto* storageRow = new QHBoxLayout;
    storageRow->addWidget(m_storage, 1);
    storageRow->addWidget(browse);
    form->addRow(tr("Films from the PACS in"), storageRow);

    m_nodes = new QTableWidget(0, 8, this);
    m_nodes->setObjectName(QStringLiteral("pacsNodesTable"));
    m_nodes->setHorizontalHeaderLabels(
        {tr("Name"), tr("AE title"), tr("Host"), tr("Port"), tr("Find"), tr("Get"), tr("Move"), tr("Store")});
    m_nodes->horizontalHeader()->setSectionResizeMode(Host, QHeaderView::Stretch);
    m_nodes->verticalHeader()->hide();
    for (const PacsNode& n : settings.nodes)
        addNode(n);
    auto* add = new QPushButton(tr("Add node"), this);
    add->setObjectName(QStringLiteral("pacsAddNodeButton"));
    auto* remove = new QPushButton(tr("Remove node"), this);
    remove->setObjectName(QStringLiteral("pacsRemoveNodeButton"));
    auto* nodeButtons = new QHBoxLayout;
    nodeButtons->addWidget(add);
    nodeButtons->addWidget(remove);
    nodeButtons->addStretch(1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("pacsSettingsProblem"));
    m_problem->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Nodes (the PACS must also know this workstation's AE title, host and "
                                    "port for C-MOVE and pushed films):"),
                                 this));
    layout->addWidget(m_nodes, 1);
    layout->addLayout(nodeButtons);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(760, 520);

    connect(buttons, &QDialogButtonBox::accepted, this, &PacsSettingsDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        PacsNode n;
        n.name = tr("PACS %1").arg(m_nodes->rowCount() + 1);
        n.aeTitle = QStringLiteral("PACS");
        n.host = QStringLiteral("localhost");
        addNode(n);
        m_nodes->setCurrentCell(m_nodes->rowCount() - 1, Name);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_nodes->currentRow() >= 0)
            m_nodes->removeRow(m_nodes->currentRow());
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Films from the PACS"), m_storage->text());
        if (!dir.isEmpty())
            m_storage->setText(dir);
    });
}

void PacsSettingsDialog::addNode(const PacsNode& n) {
    const int row = m_nodes->rowCount();
    m_nodes->insertRow(row);
    m_nodes->setItem(row, Name, new QTableWidgetItem(n.name));
    m_nodes->setItem(row, AeTitle, new QTableWidgetItem(n.aeTitle));
    m_nodes->setItem(row, Host, new QTableWidgetItem(n.host));
    m_nodes->setItem(row, Port, new QTableWidgetItem(QString::number(n.port)));
    m_nodes->setItem(row, Find, checkItem(n.find));
    m_nodes->setItem(row, Get, checkItem(n.get));
    m_nodes->setItem(row, Move, checkItem(n.move));
    m_nodes->setItem(row, Store, checkItem(n.store));
}

PacsSettings PacsSettingsDialog::settings() const {
    PacsSettings s;
    s.ownAeTitle = m_ownAe->text().trimmed();
    s.listenerEnabled = m_listener->isChecked();
    s.listenerPort = m_port->value();
    s.timeoutSeconds = m_timeout->value();
    s.storageDir = m_storage->text().trimmed();
    const auto text = [this](int row, int column) {
        const QTableWidgetItem* item = m_nodes->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    const auto checked = [this](int row, int column) {
        const QTableWidgetItem* item = m_nodes->item(row, column);
        return item && item->checkState() == Qt::Checked;
    };
    for (int row = 0; row < m_nodes->rowCount(); ++row) {
        PacsNode n;
        n.name = text(row, Name);
        n.aeTitle = text(row, AeTitle);
        n.host = text(row, Host);
        bool ok = false;
        n.port = text(row, Port).toInt(&ok);
        if (!ok)
            n.port = 0;  // problem() says it is not a port
        n.find = checked(row, Find);
        n.get = checked(row, Get);
        n.move = checked(row, Move);
        n.store = checked(row, Store);
        s.nodes << n;
    }
    return s;
}

void PacsSettingsDialog::tryAccept() {
    const QString problem = settings().problem();
    m_problem->setText(problem);
    if (problem.isEmpty())
        accept();
}

}  // namespace boneage::ui
