#include "ui/Theme.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QPalette>
#include <QStyleFactory>

inline void initBoneageUiResources() {
    Q_INIT_RESOURCE(boneage_ui);
}

namespace boneage::ui {

void applyDarkTheme(QApplication& app) {
    initBoneageUiResources();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    p.setColor(QPalette::Window, QColor(22, 25, 31));
    p.setColor(QPalette::WindowText, QColor(210, 216, 225));
    p.setColor(QPalette::Base, QColor(20, 23, 28));
    p.setColor(QPalette::AlternateBase, QColor(30, 34, 41));
    p.setColor(QPalette::Text, QColor(210, 216, 225));
    p.setColor(QPalette::Button, QColor(42, 48, 58));
    p.setColor(QPalette::ButtonText, QColor(210, 216, 225));
    p.setColor(QPalette::Highlight, QColor(39, 71, 107));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(38, 43, 52));
    p.setColor(QPalette::ToolTipText, QColor(230, 235, 242));
    p.setColor(QPalette::PlaceholderText, QColor(110, 120, 135));
    p.setColor(QPalette::Link, QColor(90, 190, 255));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(95, 104, 116));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(95, 104, 116));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(95, 104, 116));
    app.setPalette(p);
    QFile qss(QStringLiteral(":/boneage/theme/dark.qss"));
    if (qss.open(QIODevice::ReadOnly))
        app.setStyleSheet(QString::fromUtf8(qss.readAll()));
    app.setWindowIcon(QIcon(QStringLiteral(":/boneage/icons/boneage.svg")));
}

}  // namespace boneage::ui
