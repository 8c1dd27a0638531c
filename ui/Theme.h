#pragma once

class QApplication;

namespace boneage::ui {

/// The dark reading-room theme: Fusion style, a dark palette (so native-drawn parts match) and the stylesheet
/// from the resources (:/boneage/theme/dark.qss). Call once after constructing the QApplication.
void applyDarkTheme(QApplication& app);

}  // namespace boneage::ui
