#pragma once

#include <QDialog>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QImage>
#include <memory>
#include <optional>

#include "assessment/CaseReport.h"
#include "imaging/Film.h"
#include "report/ReportWriter.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace boneage::ui {

class CaseRepository;

/// Signs the report of a decided case: a preview of its first page (rendered from the same layout as the
/// PDF, unsigned), the reader's PKCS#12 file, its passphrase (asked for in a password field, cleared as soon
/// as it is read, never stored), the paper and a folder the reader chooses for report.pdf, sr.dcm and
/// pdf.dcm. The certificate's holder must be the reader who decided. Rendering, the three signatures and
/// the writing run on a worker thread (the window stays live); the report is then recorded in the case
/// database on the GUI thread (a revision of the case's previous report when it has one, both SHA-256 in the
/// audit row) and the case shows Reported. GUI thread only.
class ReportDialog : public QDialog {
    Q_OBJECT
public:
    /// The report of case `caseId` as the store has it, with `film` (the case's film, for the thumbnail)
    /// and `gradcam`, the Grad-CAM map of prediction `gradcamPrediction`, shown when that is the prediction
    /// the reader decided on. Throws Error(BadInput) when the case has no decision or prediction yet
    /// (caseReportBasis()).
    ReportDialog(CaseRepository& repository, qint64 caseId, const imaging::Film& film,
                 const engine::Heatmap* gradcam = nullptr, std::optional<qint64> gradcamPrediction = {},
                 QWidget* parent = nullptr);
    ~ReportDialog() override;

    /// Closing is refused while signing runs (the files and their record belong together).
    void reject() override;

    /// The page preview as rendered (unsigned; the signing time and organisation are set when signing).
    const QImage& preview() const { return m_preview; }
    /// Whether signing is under way on the worker thread.
    bool isSigning() const { return m_watcher.isRunning(); }
    /// The files of the report signed from this dialog, once signed.
    const std::optional<report::ReportFiles>& signedFiles() const { return m_files; }
    /// What went wrong at the last try (one sentence), empty after a success.
    QString problem() const;
    /// Time from pressing Sign to the files on disk (identity, render, sign, write), in ms; the part on the
    /// GUI thread (the identity, and recording in the store) is in guiThreadMs().
    double signingMs() const { return m_signingMs; }
    double guiThreadMs() const { return m_guiMs; }

    /// Offers "Send to PACS" once the report is signed (the caller knows whether a node takes objects).
    void offerSending(bool offered);
    /// Says in the dialog how the send of sendRequested() ended (one sentence).
    void showSendOutcome(const QString& sentence);

Q_SIGNALS:
    /// The report is signed, written and recorded (its id in the store).
    void reportSigned(qint64 caseId, qint64 reportId);
    /// Signing failed; the sentence is also shown in the dialog.
    void signingFailed(const QString& message);
    /// The reader asked to send the signed report to the PACS: the SR and the encapsulated PDF, both in the
    /// film's study (the unwrapped report.pdf is for paper and e-mail, not for the archive).
    void sendRequested(const QStringList& dicomFiles);

private:
    struct Outcome {
        std::optional<report::ReportFiles> files;
        QString error;
    };
    void chooseIdentity();
    void chooseFolder();
    void updateSignEnabled();
    void renderPreview();
    void sign();
    void onSigned();
    void fail(const QString& message);

    CaseRepository& m_repository;
    assessment::CaseReportBasis m_basis;
    report::ReportContent m_content;
    QString m_signer;
    QImage m_preview;
    QLabel* m_page = nullptr;
    QLabel* m_revision = nullptr;
    QLineEdit* m_identity = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_folder = nullptr;
    QComboBox* m_paper = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_sign = nullptr;
    QPushButton* m_send = nullptr;
    bool m_sendOffered = false;
    QFutureWatcher<Outcome> m_watcher;
    QElapsedTimer m_clock;
    double m_signingMs = 0, m_guiMs = 0;
    std::optional<report::ReportFiles> m_files;
    bool m_failed = false;
};

}  // namespace boneage::ui
