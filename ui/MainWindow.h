#pragma once

#include <QMainWindow>

#include "ui/AppSettings.h"
#include "ui/CaseImporter.h"
#include "ui/InferenceTypes.h"

class QLabel;
class QTabWidget;
class QToolBar;

namespace boneage::ui {

class AssessmentPanel;
class CaseRepository;
class FilmView;
class InferenceService;
class PacsController;
class ReadingController;
class ReportDialog;
class ReviewPanel;
class ViewerActions;
class WorklistModel;
class WorklistPanel;

/// The workstation window: worklist | viewer | assessment on the Reading tab, the model-versus-reader review
/// on the Review tab. It builds the panels and wires them; the work is done by ReadingController (a case),
/// ViewerActions (viewer commands), CaseImporter (files and folders) and InferenceService (the model).
/// The repository is borrowed and must outlive the window. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `assessor` opens the model's reader of films (empty: the engine; tests give their own).
    MainWindow(CaseRepository& repository, const AppSettings& settings, AssessorFactory assessor = {},
               QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens the next (+1) or previous (-1) unread case of the worklist, in its shown order. Returns whether
    /// there was one.
    bool openNextUnread(int step = 1);
    /// Imports files and folders; the first imported case opens when `openFirst`.
    void openPaths(const QStringList& paths, bool openFirst = true);
    void openCase(qint64 caseId);
    /// Opens the report dialog (ReportDialog, window-modal, deleted when closed) for the case: the one on
    /// screen from the Case menu. Says why in a message box when the case cannot be reported yet.
    void signReport(qint64 caseId);
    /// Applies and remembers settings (reloads the model when its package or device changed).
    void applySettings(const AppSettings& settings);
    const AppSettings& settings() const { return m_settings; }
    void showReview();
    void showReading();

    FilmView& filmView() const { return *m_view; }
    AssessmentPanel& assessmentPanel() const { return *m_assessment; }
    WorklistPanel& worklistPanel() const { return *m_worklist; }
    ReviewPanel& reviewPanel() const { return *m_review; }
    ReadingController& reading() const { return *m_reading; }
    InferenceService& inference() const { return *m_inference; }
    PacsController& pacs() const { return *m_pacs; }

Q_SIGNALS:
    /// An import finished: the cases added or updated, and the files that could not be read.
    void importFinished(int cases, const QStringList& problems);
    /// The reader's name changed (entered at a first decision, or in the settings); already saved.
    void readerChanged(const QString& name);

private:
    void buildMenus();
    void openFilesDialog();
    void openFolderDialog();
    void editSettings();
    void onImported(const CaseImporter::Outcome& outcome);
    void showAbout();
    void showShortcuts();
    /// The PACS node to send to: the one that takes objects, or the reader's choice among several; empty
    /// when there is none (said in the status bar) or the reader cancelled.
    QString chooseSendNode();
    void sendGradcam();
    void sendReportFiles();
    /// Sends DICOM files to a node the reader picks; `dialog`, when given, hears how it ended.
    void sendToPacs(const QStringList& files, ReportDialog* dialog);
    void setReader(const QString& name);

    CaseRepository& m_repository;
    AppSettings m_settings;
    InferenceService* m_inference = nullptr;
    CaseImporter* m_importer = nullptr;
    WorklistModel* m_worklistModel = nullptr;
    WorklistPanel* m_worklist = nullptr;
    FilmView* m_view = nullptr;
    AssessmentPanel* m_assessment = nullptr;
    ReviewPanel* m_review = nullptr;
    ReadingController* m_reading = nullptr;
    ViewerActions* m_viewerActions = nullptr;
    PacsController* m_pacs = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_readerStatus = nullptr;
    QToolBar* m_viewerToolBar = nullptr;
    bool m_openNextImport = false;
};

}  // namespace boneage::ui
