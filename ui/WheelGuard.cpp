#include "ui/WheelGuard.h"

#include <QEvent>
#include <QWidget>

namespace boneage::ui {

namespace {

class WheelGuard : public QObject {
public:
    using QObject::QObject;

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Wheel)
            return false;
        auto* field = static_cast<QWidget*>(watched);
        if (field->hasFocus())
            return false;
        // Not delivered, and ignored: Qt passes the wheel on up the parents, to the scroll area.
        event->ignore();
        return true;
    }
};

}  // namespace

void takeWheelOnlyWithFocus(QWidget* field) {
    field->setFocusPolicy(Qt::StrongFocus);  // not WheelFocus: the wheel must not give it focus
    field->installEventFilter(new WheelGuard(field));
}

}  // namespace boneage::ui
