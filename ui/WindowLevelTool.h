#pragma once

#include "ui/ViewTool.h"

namespace boneage::ui {

/// Dragging adjusts the VOI window live (the right button always, the left one in window/level mode): right
/// widens it (less contrast), down raises the level (darker), as on most PACS viewers, by
/// FilmView::windowSensitivity() per logical pixel; the width never falls below one step.
class WindowLevelTool : public ViewTool {
public:
    using ViewTool::ViewTool;

protected:
    void dragBy(double dx, double dy) override;
};

}  // namespace boneage::ui
