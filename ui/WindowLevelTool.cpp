#include "ui/WindowLevelTool.h"

#include <algorithm>

#include "ui/FilmView.h"

namespace boneage::ui {

void WindowLevelTool::dragBy(double dx, double dy) {
    const double s = view().windowSensitivity();
    const imaging::Window w = view().window();
    view().setWindow({w.centre + dy * s, std::max(s, w.width + dx * s)});
}

}  // namespace boneage::ui
