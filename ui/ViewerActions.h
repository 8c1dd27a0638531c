#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMenu;
class QToolBar;

namespace boneage::ui {

class FilmView;

/// The viewer's commands as QActions with one keyboard shortcut each, for the toolbar and the View menu:
/// fit (F), zoom in/out (+/-), actual pixels (1), pan mode (P), window/level mode (W), presets DICOM default
/// (D), bone (B), full range (U), invert (I), rotate (R), flip (H), reset (Ctrl+0) and the Grad-CAM overlay
/// (G).
class ViewerActions : public QObject {
    Q_OBJECT
public:
    ViewerActions(FilmView& view, QWidget* shortcutContext);

    void addTo(QToolBar* toolBar) const;
    void addTo(QMenu* menu) const;
    QAction* overlayAction() const { return m_overlay; }
    QList<QAction*> all() const;

private:
    QAction* make(const QString& text, const QKeySequence& key, const QString& tip);

    FilmView& m_view;
    QWidget* m_context;
    QAction *m_fit, *m_zoomIn, *m_zoomOut, *m_actual, *m_pan, *m_windowLevel, *m_dicom, *m_bone, *m_full,
        *m_invert, *m_rotate, *m_flip, *m_reset, *m_overlay;
};

}  // namespace boneage::ui
