#include "ui/ViewerActions.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QToolBar>

#include "ui/FilmView.h"

namespace boneage::ui {

ViewerActions::ViewerActions(FilmView& view, QWidget* shortcutContext)
    : QObject(shortcutContext), m_view(view), m_context(shortcutContext) {
    m_fit = make(tr("Fit"), Qt::Key_F, tr("Fit the film to the view"));
    m_zoomIn = make(tr("Zoom in"), Qt::Key_Plus, tr("Zoom in"));
    m_zoomIn->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    m_zoomOut = make(tr("Zoom out"), Qt::Key_Minus, tr("Zoom out"));
    m_actual = make(tr("1:1"), Qt::Key_1, tr("One film pixel per screen pixel"));
    m_pan = make(tr("Pan"), Qt::Key_P, tr("Left button pans (the middle button always does)"));
    m_windowLevel =
        make(tr("W/L"), Qt::Key_W, tr("Left button adjusts window/level (the right button always does)"));
    m_pan->setCheckable(true);
    m_windowLevel->setCheckable(true);
    m_pan->setChecked(true);
    auto* modes = new QActionGroup(this);
    modes->addAction(m_pan);
    modes->addAction(m_windowLevel);
    m_dicom = make(tr("Default"), Qt::Key_D, tr("DICOM default window"));
    m_bone = make(tr("Bone"), Qt::Key_B, tr("Bone window from the film's histogram"));
    m_full = make(tr("Full"), Qt::Key_U, tr("Full pixel range"));
    m_invert = make(tr("Invert"), Qt::Key_I, tr("Invert grey levels"));
    m_invert->setCheckable(true);
    m_rotate = make(tr("Rotate"), Qt::Key_R, tr("Rotate 90\u00b0 clockwise"));
    m_flip = make(tr("Flip"), Qt::Key_H, tr("Flip left-right"));
    m_reset = make(tr("Reset"), QKeySequence(Qt::CTRL | Qt::Key_0), tr("Reset window, zoom and orientation"));
    m_overlay = make(tr("Grad-CAM"), Qt::Key_G, tr("Show the model's attention overlay"));
    m_overlay->setCheckable(true);

    connect(m_fit, &QAction::triggered, &m_view, &FilmView::fitToWindow);
    connect(m_zoomIn, &QAction::triggered, &m_view, &FilmView::zoomIn);
    connect(m_zoomOut, &QAction::triggered, &m_view, &FilmView::zoomOut);
    connect(m_actual, &QAction::triggered, &m_view, &FilmView::zoomActualPixels);
    connect(m_pan, &QAction::triggered, this, [this] { m_view.setDragMode(FilmView::DragMode::Pan); });
    connect(m_windowLevel, &QAction::triggered, this,
            [this] { m_view.setDragMode(FilmView::DragMode::WindowLevel); });
    // "Default" is the film as acquired: the DICOM window, not inverted.
    connect(m_dicom, &QAction::triggered, this, [this] {
        m_view.setInverted(false);
        m_view.applyPreset(imaging::WindowPreset::DicomDefault);
    });
    connect(m_bone, &QAction::triggered, this, [this] { m_view.applyPreset(imaging::WindowPreset::Bone); });
    connect(m_full, &QAction::triggered, this,
            [this] { m_view.applyPreset(imaging::WindowPreset::FullRange); });
    connect(m_invert, &QAction::toggled, &m_view, &FilmView::setInverted);
    connect(m_rotate, &QAction::triggered, &m_view, &FilmView::rotateClockwise);
    connect(m_flip, &QAction::triggered, &m_view, &FilmView::flipHorizontal);
    connect(m_reset, &QAction::triggered, &m_view, &FilmView::resetView);
    connect(&m_view, &FilmView::viewChanged, this, [this] { m_invert->setChecked(m_view.inverted()); });
}

QAction* ViewerActions::make(const QString& text, const QKeySequence& key, const QString& tip) {
    auto* a = new QAction(text, this);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setToolTip(QStringLiteral("%1  (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    m_context->addAction(a);
    return a;
}

QList<QAction*> ViewerActions::all() const {
    return {m_fit,  m_zoomIn, m_zoomOut, m_actual, m_pan,  m_windowLevel, m_dicom,
            m_bone, m_full,   m_invert,  m_rotate, m_flip, m_reset,       m_overlay};
}

void ViewerActions::addTo(QToolBar* t) const {
    for (QAction* a : {m_fit, m_zoomIn, m_zoomOut, m_actual})
        t->addAction(a);
    t->addSeparator();
    for (QAction* a : {m_pan, m_windowLevel})
        t->addAction(a);
    t->addSeparator();
    for (QAction* a : {m_dicom, m_bone, m_full, m_invert})
        t->addAction(a);
    t->addSeparator();
    for (QAction* a : {m_rotate, m_flip, m_reset})
        t->addAction(a);
    t->addSeparator();
    t->addAction(m_overlay);
}

void ViewerActions::addTo(QMenu* menu) const {
    for (QAction* a : all())
        menu->addAction(a);
}

}  // namespace boneage::ui
