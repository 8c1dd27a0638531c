#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include "common/Version.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"
#include "ui/ReadingController.h"
#include "ui/ReviewPanel.h"
#include "ui/SettingsDialog.h"
#include "ui/ViewerActions.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"

namespace boneage::ui {

MainWindow::MainWindow(CaseRepository& repository, const AppSettings& settings, QWidget* parent)
    : QMainWindow(parent), m_repository(repository), m_settings(settings) {
    setWindowTitle(tr("BoneAge Workstation"));
    setAcceptDrops(true);
    m_inference = new InferenceService(this);
    m_importer = new CaseImporter(this);
    m_worklistModel = new WorklistModel(m_repository, this);

    m_worklist = new WorklistPanel(*m_worklistModel, this);
    m_view = new FilmView(this);
    m_view->setObjectName(QStringLiteral("filmView"));
    m_assessment = new AssessmentPanel(this);
    auto* assessmentScroll = new QScrollArea(this);
    assessmentScroll->setWidget(m_assessment);
    assessmentScroll->setWidgetResizable(true);
    assessmentScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    assessmentScroll->setMinimumWidth(340);

    auto* reading = new QSplitter(Qt::Horizontal, this);
    reading->addWidget(m_worklist);
    reading->addWidget(m_view);
    reading->addWidget(assessmentScroll);
    reading->setStretchFactor(0, 0);
    reading->setStretchFactor(1, 1);
    reading->setStretchFactor(2, 0);
    reading->setSizes({660, 660, 360});  // the worklist shows every column, Status included, at 1680 px
    reading->setChildrenCollapsible(false);

    m_review = new ReviewPanel(m_repository, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(reading, tr("Reading"));
    m_tabs->addTab(m_review, tr("Review: model vs reader"));
    setCentralWidget(m_tabs);

    m_reading = new ReadingController(m_repository, *m_inference, *m_view, *m_assessment, this);
    m_viewerActions = new ViewerActions(*m_view, this);
    auto* toolBar = addToolBar(tr("Viewer"));
    toolBar->setObjectName(QStringLiteral("viewerToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_viewerActions->addTo(toolBar);
    buildMenus();

    m_readout = new QLabel(this);
    m_modelStatus = new QLabel(tr("Loading the model\u2026"), this);
    statusBar()->addWidget(m_modelStatus, 1);
    statusBar()->addPermanentWidget(m_readout);
    statusBar()->addPermanentWidget(new QLabel(tr("Cases: %1").arg(m_repository.describe()), this));

    connect(m_worklist, &WorklistPanel::caseActivated, this, &MainWindow::openCase);
    connect(m_worklist, &WorklistPanel::openFilesRequested, this, &MainWindow::openFilesDialog);
    connect(m_worklist, &WorklistPanel::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_worklist, &WorklistPanel::filesDropped, this, [this](const QStringList& p) { openPaths(p); });
    connect(m_view, &FilmView::filesDropped, this, [this](const QStringList& p) { openPaths(p); });
    connect(m_view, &FilmView::cursorReadoutChanged, m_readout, &QLabel::setText);
    connect(m_review, &ReviewPanel::caseActivated, this, [this](qint64 id) {
        showReading();
        m_worklist->selectCase(id);
        openCase(id);
    });
    connect(m_importer, &CaseImporter::finished, this, &MainWindow::onImported);
    connect(m_reading, &ReadingController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    QAction* overlay = m_viewerActions->overlayAction();
    connect(overlay, &QAction::toggled, m_reading, &ReadingController::setOverlayVisible);
    connect(m_assessment, &AssessmentPanel::overlayToggled, overlay, &QAction::setChecked);
    connect(m_inference, &InferenceService::modelLoaded, this, [this](const ModelDescription& m) {
        m_modelStatus->setText(tr("Model %1 %2 on %3").arg(m.name, m.version, m.device));
        m_assessment->setModel(m);
    });
    connect(m_inference, &InferenceService::modelFailed, this, [this](const QString& message) {
        m_modelStatus->setText(tr("No model: %1").arg(message));
        m_assessment->setModel(std::nullopt, message);
    });

    resize(1600, 1000);
    applySettings(m_settings);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open films\u2026"), this, &MainWindow::openFilesDialog);
    open->setShortcut(QKeySequence::Open);
    QAction* folder = file->addAction(tr("Open &folder\u2026"), this, &MainWindow::openFolderDialog);
    folder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Settings\u2026"), this, &MainWindow::editSettings);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_viewerActions->addTo(view);
    view->addSeparator();
    QAction* readingTab = view->addAction(tr("Reading"), this, &MainWindow::showReading);
    readingTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* reviewTab = view->addAction(tr("Review"), this, &MainWindow::showReview);
    reviewTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));

    QMenu* caseMenu = menuBar()->addMenu(tr("&Case"));
    QAction* rerun = caseMenu->addAction(tr("Run the model again"), m_reading, &ReadingController::rerun);
    rerun->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    caseMenu->addAction(tr("Accept model bone age"), m_reading, &ReadingController::confirm);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BoneAge Workstation"), this, &MainWindow::showAbout);
}

void MainWindow::applySettings(const AppSettings& settings) {
    const bool modelChanged = settings.effectiveModelDir() != m_settings.effectiveModelDir() ||
                              settings.device != m_settings.device || !m_inference->model();
    m_settings = settings;
    m_reading->setReaderName(settings.readerName);
    m_reading->setDefaultPreset(settings.defaultPreset);
    m_view->setDefaultPreset(settings.defaultPreset);
    if (modelChanged) {
        m_modelStatus->setText(tr("Loading the model\u2026"));
        m_assessment->setModel(std::nullopt);
        m_inference->configure({settings.effectiveModelDir(), settings.device});
    }
}

void MainWindow::editSettings() {
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings s = dialog.settings();
    QSettings qs;
    s.save(qs);
    const bool rerun =
        s.effectiveModelDir() != m_settings.effectiveModelDir() || s.device != m_settings.device;
    applySettings(s);
    if (rerun)
        m_reading->rerun();
}

void MainWindow::openPaths(const QStringList& paths, bool openFirst) {
    if (paths.isEmpty())
        return;
    m_openNextImport = m_openNextImport || openFirst;
    m_worklist->setStatusText(tr("Importing\u2026"));
    m_importer->import(paths);
}

void MainWindow::onImported(const CaseImporter::Outcome& outcome) {
    qint64 first = 0;
    QStringList problems = outcome.problems;
    for (const CaseEntry& entry : outcome.cases) {
        try {
            const qint64 id = m_repository.addCase(entry);
            if (!first)
                first = id;
        } catch (const std::exception& e) {
            problems << QString::fromStdString(e.what());
        }
    }
    m_worklist->setStatusText(
        problems.isEmpty()
            ? tr("%n case(s) imported.", nullptr, int(outcome.cases.size()))
            : tr("%n case(s) imported; %1 file(s) skipped: %2", nullptr, int(outcome.cases.size()))
                  .arg(problems.size())
                  .arg(problems.first()));
    if (first && m_openNextImport) {
        m_openNextImport = false;
        m_worklist->selectCase(first);
        openCase(first);
    }
    Q_EMIT importFinished(int(outcome.cases.size()), problems);
}

void MainWindow::openCase(qint64 caseId) {
    if (m_reading->currentCaseId() == caseId)
        return;
    m_worklist->selectCase(caseId);
    m_reading->openCase(caseId);
}

void MainWindow::openFilesDialog() {
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Open hand radiographs"), QString(),
                                      tr("Films (*.dcm *.dicom *.png *.jpg *.jpeg);;All files (*)"));
    openPaths(files);
}

void MainWindow::openFolderDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of films"));
    if (!dir.isEmpty())
        openPaths({dir});
}

void MainWindow::showReview() {
    m_review->refresh();
    m_tabs->setCurrentWidget(m_review);
}

void MainWindow::showReading() {
    m_tabs->setCurrentIndex(0);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About BoneAge Workstation"),
        tr("<h3>BoneAge Workstation %1</h3>"
           "<p>Bone-age assessment of left-hand radiographs: a model's estimate against the "
           "Greulich\u2013Pyle (Brush) SD band, confirmed or overridden by the radiologist.</p>"
           "<p><b>Research use only.</b> Not a cleared medical device.</p>")
            .arg(QString::fromLatin1(kVersion)));
}

}  // namespace boneage::ui
