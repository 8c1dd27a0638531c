#include "ui/ReportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "common/Error.h"
#include "report/ReportPdf.h"
#include "report/SigningIdentity.h"
#include "ui/CaseRepository.h"

namespace boneage::ui {

namespace {

/// The preview's resolution: a whole A4 page fits a laptop screen at this.
constexpr int kPreviewDpi = 72;

QDateTime signingTimeNow() {
    const QDateTime now = QDateTime::currentDateTime();
    return now.toOffsetFromUtc(now.offsetFromUtc());
}

}  // namespace

ReportDialog::ReportDialog(CaseRepository& repository, qint64 caseId, const imaging::Film& film,
                           const engine::Heatmap* gradcam, std::optional<qint64> gradcamPrediction,
                           QWidget* parent)
    : QDialog(parent),
      m_repository(repository),
      m_basis(assessment::caseReportBasis(repository.store(), caseId)) {
    setWindowTitle(tr("Sign the bone-age report"));
    const bool sameRead = gradcamPrediction && *gradcamPrediction == m_basis.prediction.id;
    m_content = assessment::reportContentForCase(m_basis, film, sameRead ? gradcam : nullptr);

    m_page = new QLabel(this);
    m_page->setObjectName(QStringLiteral("reportPreview"));
    m_page->setAlignment(Qt::AlignCenter);
    auto* pageScroll = new QScrollArea(this);
    pageScroll->setWidget(m_page);
    pageScroll->setWidgetResizable(true);
    pageScroll->setMinimumSize(560, 640);

    m_revision = new QLabel(this);
    m_revision->setWordWrap(true);
    if (m_basis.predecessor) {
        m_revision->setText(tr("The case was reported before: this report will be revision %1 and supersede "
                               "the report signed by %2 at %3 UTC, which stays valid.")
                                .arg(m_basis.predecessor->revision + 1)
                                .arg(m_basis.predecessor->signer, m_basis.predecessor->createdUtc.left(16)));
    } else {
        m_revision->setText(tr("The signature means: reviewed and approved by %1.").arg(m_basis.read.reader));
    }

    m_identity = new QLineEdit(this);
    m_identity->setObjectName(QStringLiteral("identityFile"));
    m_identity->setPlaceholderText(tr("PKCS#12 file (.p12) with your certificate and key"));
    auto* browseIdentity = new QPushButton(tr("Choose\u2026"), this);
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(tr("Asked for every signature, never stored"));
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    m_folder->setPlaceholderText(tr("Folder for report.pdf, sr.dcm and pdf.dcm"));
    auto* browseFolder = new QPushButton(tr("Choose\u2026"), this);
    m_paper = new QComboBox(this);
    m_paper->addItem(tr("A4"), int(report::PaperSize::A4));
    m_paper->addItem(tr("Letter"), int(report::PaperSize::Letter));

    auto* identityRow = new QHBoxLayout;
    identityRow->addWidget(m_identity, 1);
    identityRow->addWidget(browseIdentity);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseFolder);
    auto* form = new QFormLayout;
    form->addRow(tr("Reader"), new QLabel(m_basis.read.reader.toHtmlEscaped(), this));
    form->addRow(tr("Signing certificate"), identityRow);
    form->addRow(tr("Passphrase"), m_passphrase);
    form->addRow(tr("Paper"), m_paper);
    form->addRow(tr("Export to"), folderRow);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_status->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_sign = buttons->addButton(tr("Sign and export"), QDialogButtonBox::AcceptRole);
    m_sign->setObjectName(QStringLiteral("signButton"));
    m_send = buttons->addButton(tr("Send to PACS"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(QStringLiteral("sendToPacsButton"));
    m_send->setToolTip(tr("Send the signed SR and the encapsulated PDF into the film's study"));

    auto* side = new QVBoxLayout;
    side->addWidget(m_revision);
    side->addLayout(form);
    side->addWidget(m_status);
    side->addStretch(1);
    side->addWidget(buttons);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(pageScroll, 1);
    layout->addLayout(side);

    connect(browseIdentity, &QPushButton::clicked, this, &ReportDialog::chooseIdentity);
    connect(browseFolder, &QPushButton::clicked, this, &ReportDialog::chooseFolder);
    for (QLineEdit* edit : {m_identity, m_passphrase, m_folder})
        connect(edit, &QLineEdit::textChanged, this, &ReportDialog::updateSignEnabled);
    connect(m_paper, &QComboBox::currentIndexChanged, this, &ReportDialog::renderPreview);
    connect(m_sign, &QPushButton::clicked, this, &ReportDialog::sign);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (!m_files)
            return;
        m_send->setEnabled(false);  // one send per click; the outcome enables it again
        m_status->setText(tr("Sending the SR and the PDF to the PACS\u2026"));
        Q_EMIT sendRequested({m_files->srPath, m_files->pdfDicomPath});
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ReportDialog::onSigned);
    renderPreview();
    updateSignEnabled();
}

ReportDialog::~ReportDialog() {
    // The worker holds only copies, but the files it writes belong with a record: let it finish.
    m_watcher.waitForFinished();
}

void ReportDialog::reject() {
    if (!isSigning())
        QDialog::reject();
}

QString ReportDialog::problem() const {
    return m_failed ? m_status->text() : QString();
}

void ReportDialog::chooseIdentity() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Signing certificate"), m_identity->text(),
                                                      tr("PKCS#12 (*.p12 *.pfx);;All files (*)"));
    if (!path.isEmpty())
        m_identity->setText(path);
}

void ReportDialog::chooseFolder() {
    const QString start = m_folder->text().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                              : m_folder->text();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Export the report to"), start);
    if (!path.isEmpty())
        m_folder->setText(path);
}

void ReportDialog::updateSignEnabled() {
    m_sign->setEnabled(!isSigning() && !m_files && !m_identity->text().isEmpty() &&
                       !m_passphrase->text().isEmpty() && !m_folder->text().isEmpty());
    m_send->setVisible(m_sendOffered);
    m_send->setEnabled(m_sendOffered && m_files.has_value());
}

void ReportDialog::offerSending(bool offered) {
    m_sendOffered = offered;
    updateSignEnabled();
}

void ReportDialog::showSendOutcome(const QString& sentence) {
    m_status->setText(sentence);
    updateSignEnabled();
}

void ReportDialog::renderPreview() {
    report::ReportContent content = m_content;
    content.signingTime = signingTimeNow();  // the page's layout; the real time is set when signing
    try {
        m_preview =
            report::renderReportPage(content, report::PaperSize(m_paper->currentData().toInt()), kPreviewDpi);
        m_page->setPixmap(QPixmap::fromImage(m_preview));
    } catch (const std::exception& e) {
        m_page->setText(tr("No preview: %1").arg(QString::fromUtf8(e.what())));
    }
}

void ReportDialog::sign() {
    if (isSigning() || m_files)
        return;
    m_clock.start();
    m_failed = false;
    m_status->setText(tr("Signing\u2026"));
    QByteArray passphrase = m_passphrase->text().toUtf8();
    m_passphrase->clear();
    std::shared_ptr<report::SigningIdentity> identity;
    try {
        identity = std::make_shared<report::SigningIdentity>(
            report::SigningIdentity::fromPkcs12(m_identity->text(), passphrase));
        passphrase.fill('\0');
        identity->checkUsableAt(QDateTime::currentDateTimeUtc());
        if (identity->organisation().trimmed().isEmpty()) {
            throw Error(
                ErrorCode::Signature, m_identity->text().toStdString(),
                "the certificate names no organisation (O=), which the SR's verifying observer needs");
        }
        if (!report::sameSigner(m_basis.read.reader, identity->commonName())) {
            throw Error(ErrorCode::Signature, m_identity->text().toStdString(),
                        "the certificate is " + identity->commonName().toStdString() +
                            "'s, but the decision is " + m_basis.read.reader.toStdString() + "'s");
        }
    } catch (const std::exception& e) {
        passphrase.fill('\0');
        fail(QString::fromUtf8(e.what()));
        return;
    }
    m_signer = identity->commonName();
    report::ReportContent content = m_content;
    content.organisation = identity->organisation();
    content.signingTime = signingTimeNow();
    const report::ReportOptions options = m_basis.options(report::PaperSize(m_paper->currentData().toInt()));
    const QString folder = m_folder->text();
    m_guiMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_watcher.setFuture(QtConcurrent::run([content, identity, folder, options]() -> Outcome {
        Outcome outcome;
        try {
            outcome.files = report::writeSignedReport(content, *identity, folder, options);
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        return outcome;
    }));
    updateSignEnabled();
}

void ReportDialog::onSigned() {
    const Outcome outcome = m_watcher.result();
    m_signingMs = double(m_clock.nsecsElapsed()) / 1e6;
    if (!outcome.files) {
        fail(outcome.error);
        return;
    }
    QElapsedTimer recording;
    recording.start();
    qint64 reportId = 0;
    try {
        reportId = m_repository.recordReport(m_basis, *outcome.files, m_signer);
    } catch (const std::exception& e) {
        fail(tr("The report was written to %1 but not recorded: %2")
                 .arg(m_folder->text(), QString::fromUtf8(e.what())));
        return;
    }
    m_guiMs += double(recording.nsecsElapsed()) / 1e6;
    m_files = outcome.files;
    m_status->setText(tr("Signed and exported: %1, %2 and %3 (SHA-256 of the PDF %4).")
                          .arg(m_files->pdfPath, m_files->srPath, m_files->pdfDicomPath,
                               m_files->pdfSha256.left(16) + QStringLiteral("\u2026")));
    updateSignEnabled();
    Q_EMIT reportSigned(m_basis.record.id, reportId);
}

void ReportDialog::fail(const QString& message) {
    m_failed = true;
    m_status->setText(message);
    updateSignEnabled();
    Q_EMIT signingFailed(message);
}

}  // namespace boneage::ui
