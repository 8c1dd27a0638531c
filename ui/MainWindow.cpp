#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <functional>

#include "common/Error.h"
#include "common/Version.h"
#include "imaging/FilmLoader.h"
#include "store/Records.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"
#include "ui/PacsController.h"
#include "ui/ReadingController.h"
#include "ui/ReportDialog.h"
#include "ui/ReviewPanel.h"
#include "ui/SettingsDialog.h"
#include "ui/ViewerActions.h"
#include "ui/WorklistModel.h"
#include "ui/WorklistPanel.h"

namespace boneage::ui {

MainWindow::MainWindow(CaseRepository& repository, const AppSettings& settings, AssessorFactory assessor,
                       QWidget* parent)
    : QMainWindow(parent), m_repository(repository), m_settings(settings) {
    setWindowTitle(tr("BoneAge Workstation"));
    setAcceptDrops(true);
    m_inference = new InferenceService(assessor, this);
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
    m_pacs = new PacsController(m_repository, std::move(assessor), this);
    m_viewerToolBar = addToolBar(tr("Viewer"));
    m_viewerToolBar->setObjectName(QStringLiteral("viewerToolBar"));
    m_viewerToolBar->setMovable(false);
    m_viewerToolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_viewerActions->addTo(m_viewerToolBar);
    buildMenus();

    m_readout = new QLabel(this);
    m_modelStatus = new QLabel(tr("Loading the model\u2026"), this);
    m_readerStatus = new QLabel(this);
    m_readerStatus->setObjectName(QStringLiteral("readerStatus"));
    statusBar()->addWidget(m_modelStatus, 1);
    statusBar()->addPermanentWidget(m_readout);
    statusBar()->addPermanentWidget(m_pacs->statusWidget());
    statusBar()->addPermanentWidget(m_readerStatus);
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
    connect(m_pacs, &PacsController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_pacs, &PacsController::settingsEdited, this, [this](const PacsSettings& pacs) {
        AppSettings s = m_settings;
        s.pacs = pacs;
        QSettings qs;
        s.save(qs);
        applySettings(s);
    });
    connect(m_reading, &ReadingController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_reading, &ReadingController::readerChosen, this, [this](const QString& name) {
        AppSettings s = m_settings;
        s.readerName = name;
        QSettings qs;
        s.save(qs);
        applySettings(s);
    });
    // After a decision the next unread case opens, as a reading list should.
    connect(m_reading, &ReadingController::decided, this, [this] {
        if (!openNextUnread(1))
            statusBar()->showMessage(tr("Every case in the worklist is read."), 8000);
    });
    // The viewer's tools act on the Reading tab only.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool reading = index == 0;
        m_viewerToolBar->setEnabled(reading);
        m_viewerToolBar->setVisible(reading);
        for (QAction* a : m_viewerActions->all())
            a->setEnabled(reading);
    });
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
    QAction* accept =
        caseMenu->addAction(tr("Accept model bone age"), m_reading, &ReadingController::confirm);
    accept->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    accept->setShortcutContext(Qt::WidgetShortcut);  // the panel's button owns the key; listed here
    QAction* report = caseMenu->addAction(tr("&Sign report\u2026"), this, [this] {
        if (const auto id = m_reading->currentCaseId())
            signReport(*id);
    });
    report->setObjectName(QStringLiteral("signReportAction"));
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    caseMenu->addSeparator();
    QAction* next = caseMenu->addAction(tr("Next unread case"), this, [this] { openNextUnread(1); });
    next->setObjectName(QStringLiteral("nextUnreadAction"));
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_BracketRight));
    QAction* previous = caseMenu->addAction(tr("Previous unread case"), this, [this] { openNextUnread(-1); });
    previous->setObjectName(QStringLiteral("previousUnreadAction"));
    previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_BracketLeft));

    QMenu* pacsMenu = menuBar()->addMenu(tr("&PACS"));
    m_pacs->addActionsTo(pacsMenu);
    pacsMenu->addSeparator();
    QAction* sendGradcam = pacsMenu->addAction(tr("Send the &Grad-CAM capture of this case\u2026"), this,
                                               &MainWindow::sendGradcam);
    sendGradcam->setObjectName(QStringLiteral("pacsSendGradcamAction"));
    QAction* sendReport =
        pacsMenu->addAction(tr("Send &report files (SR, PDF)\u2026"), this, &MainWindow::sendReportFiles);
    sendReport->setObjectName(QStringLiteral("pacsSendReportAction"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About BoneAge Workstation"), this, &MainWindow::showAbout);
}

QString MainWindow::chooseSendNode() {
    const QList<PacsNode> nodes = m_pacs->nodesFor(false, false, true);
    if (nodes.isEmpty()) {
        statusBar()->showMessage(tr("No PACS node takes objects: add one in PACS \u203a PACS settings."),
                                 8000);
        return {};
    }
    if (nodes.size() == 1)
        return nodes.front().name;
    QStringList labels;
    for (const PacsNode& n : nodes)
        labels << n.label();
    bool ok = false;
    const QString chosen =
        QInputDialog::getItem(this, tr("Send to PACS"), tr("Node:"), labels, 0, false, &ok);
    return ok ? nodes.at(labels.indexOf(chosen)).name : QString();
}

void MainWindow::sendGradcam() {
    const std::optional<InferenceResult>& result = m_reading->currentResult();
    if (!result || !result->ok() || !result->assessment->prediction.gradcam || !m_reading->currentFilm()) {
        statusBar()->showMessage(
            tr("Open a case the model has read, with its Grad-CAM map, to send its capture."), 8000);
        return;
    }
    const QString node = chooseSendNode();
    if (!node.isEmpty())
        m_pacs->sendGradcam(node, m_reading->currentFilm(), result->assessment,
                            result->model.name + QLatin1Char(' ') + result->model.version);
}

void MainWindow::sendReportFiles() {
    // The report export writes sr.dcm and pdf.dcm into the folder it is given (report::writeSignedReport).
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Report files to send"), QString(),
                                                            tr("DICOM objects (*.dcm)"));
    if (!files.isEmpty())
        sendToPacs(files, nullptr);
}

void MainWindow::sendToPacs(const QStringList& files, ReportDialog* dialog) {
    const QString node = chooseSendNode();
    if (node.isEmpty()) {
        if (dialog)
            dialog->showSendOutcome(tr("Nothing was sent: no PACS node was chosen."));
        return;
    }
    // The status bar says how it ends (PacsController::message); the dialog that asked, if any, too.
    m_pacs->sendFiles(node, files, dialog, [dialog](const QString& sentence) {
        if (dialog)
            dialog->showSendOutcome(sentence);
    });
}

void MainWindow::applySettings(const AppSettings& settings) {
    const bool modelChanged = settings.effectiveModelDir() != m_settings.effectiveModelDir() ||
                              settings.device != m_settings.device || !m_inference->model();
    m_settings = settings;
    setReader(settings.readerName);
    m_reading->setDefaultPreset(settings.defaultPreset);
    m_view->setDefaultPreset(settings.defaultPreset);
    m_pacs->applySettings(settings);
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
    int imported = 0;
    for (const store::CaseRecord& record : outcome.cases) {
        try {
            const qint64 id = m_repository.importCase(record);
            ++imported;
            if (!first)
                first = id;
        } catch (const std::exception& e) {
            problems << QString::fromStdString(e.what());
        }
    }
    // Every skipped file is named (the first few in the panel, all of them in its tool tip).
    constexpr int kShown = 5;
    QString text = tr("%n case(s) imported.", nullptr, imported);
    if (!problems.isEmpty()) {
        QStringList shown = problems.mid(0, kShown);
        if (problems.size() > kShown)
            shown << tr("\u2026 and %n more (hover for the whole list)", nullptr,
                        int(problems.size()) - kShown);
        text = tr("%n case(s) imported; ", nullptr, imported) +
               tr("%n file(s) skipped:", nullptr, int(problems.size())) + QLatin1Char('\n') +
               shown.join(QLatin1Char('\n'));
    }
    m_worklist->setStatusText(text, problems.join(QLatin1Char('\n')));
    if (first && m_openNextImport) {
        m_openNextImport = false;
        m_worklist->selectCase(first);
        openCase(first);
    }
    Q_EMIT importFinished(imported, problems);
}

bool MainWindow::openNextUnread(int step) {
    const auto next = m_worklist->nextUnread(m_reading->currentCaseId(), step);
    if (!next)
        return false;
    openCase(*next);
    return true;
}

void MainWindow::setReader(const QString& name) {
    m_reading->setReaderName(name);
    if (!name.trimmed().isEmpty()) {
        try {
            m_repository.setReader(name);
        } catch (const std::exception& e) {
            statusBar()->showMessage(QString::fromStdString(e.what()), 8000);
        }
        m_readerStatus->setText(tr("Reader: %1").arg(name));
        m_readerStatus->setToolTip(tr("Written to every decision and audit row (File \u203a Settings)"));
    } else {
        m_readerStatus->setText(tr("Reader: not set"));
        m_readerStatus->setToolTip(tr("You will be asked for your name at your first decision"));
    }
    Q_EMIT readerChanged(name);
}

void MainWindow::openCase(qint64 caseId) {
    if (m_reading->currentCaseId() == caseId)
        return;
    m_worklist->selectCase(caseId);
    m_reading->openCase(caseId);
}

void MainWindow::signReport(qint64 caseId) {
    ReportDialog* dialog = nullptr;
    try {
        // The film and the Grad-CAM already on screen when it is this case; else the film is decoded here.
        std::shared_ptr<const imaging::Film> film;
        std::shared_ptr<const assessment::AssessmentResult> shown;
        std::optional<qint64> shownPrediction;
        if (m_reading->currentCaseId() == caseId) {
            film = m_reading->currentFilm();
            shown = m_reading->shownAssessment();
            if (const auto p = m_reading->shownPrediction())
                shownPrediction = p->id;
        }
        if (!film) {
            const auto record = m_repository.caseById(caseId);
            if (!record)
                return;
            film = std::make_shared<const imaging::Film>(
                imaging::loadFilm(record->caseRecord.sourcePath.toStdString()));
        }
        const engine::Heatmap* gradcam =
            shown && shown->prediction.gradcam ? &*shown->prediction.gradcam : nullptr;
        dialog = new ReportDialog(m_repository, caseId, *film, gradcam, shownPrediction, this);
    } catch (const std::exception& e) {
        QMessageBox::information(this, tr("Sign report"),
                                 tr("This case cannot be reported yet: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReportDialog::reportSigned, this, [this](qint64, qint64 reportId) {
        statusBar()->showMessage(tr("Report %1 signed and exported.").arg(reportId), 8000);
    });
    dialog->offerSending(!m_pacs->nodesFor(false, false, true).isEmpty());
    connect(dialog, &ReportDialog::sendRequested, this,
            [this, dialog](const QStringList& files) { sendToPacs(files, dialog); });
    dialog->open();
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

void MainWindow::showShortcuts() {
    // Built from the actions themselves, so the list cannot drift from what the keys do.
    QStringList rows;
    std::function<void(const QList<QAction*>&, const QString&)> collect = [&](const QList<QAction*>& actions,
                                                                              const QString& menu) {
        for (QAction* a : actions) {
            if (a->menu()) {
                collect(a->menu()->actions(), a->menu()->title().remove(QLatin1Char('&')));
            } else if (!a->shortcut().isEmpty()) {
                rows << tr("<tr><td><b>%1</b></td><td>%2</td><td>%3</td></tr>")
                            .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                                 a->text().remove(QLatin1Char('&')).toHtmlEscaped(), menu.toHtmlEscaped());
            }
        }
    };
    collect(menuBar()->actions(), QString());
    rows << tr("<tr><td><b>Esc</b></td><td>Cancel the running prediction</td><td>Assessment</td></tr>");
    rows << tr("<tr><td><b>Right drag</b></td><td>Window / level</td><td>Viewer</td></tr>");
    rows << tr("<tr><td><b>Wheel</b></td><td>Zoom around the cursor</td><td>Viewer</td></tr>");
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard shortcuts"),
                    tr("<table cellspacing=6>%1</table>").arg(rows.join(QString())), QMessageBox::Close,
                    this);
    box.setObjectName(QStringLiteral("shortcutsBox"));
    box.setTextFormat(Qt::RichText);
    box.exec();
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
