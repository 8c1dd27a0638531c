#pragma once

class QWidget;

namespace boneage::ui {

/// A field in a scrolling panel (spin box, combo box, date edit) takes the mouse wheel only once the reader
/// has put focus in it (click or Tab); an unfocused field passes the wheel on to the panel, which scrolls.
/// Without this, scrolling the assessment panel past the reader's bone age, the sex or a date changed them.
void takeWheelOnlyWithFocus(QWidget* field);

}  // namespace boneage::ui
