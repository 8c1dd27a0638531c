#pragma once

// The whole clinical module (DESIGN.md core/clinical), for callers that use all of it: dates and
// chronological age, the Brush Foundation SD table, and the delayed/normal/advanced verdict.
// Standard library only.
#include "clinical/Assessment.h"
#include "clinical/BrushSd.h"
#include "clinical/ChronologicalAge.h"
#include "clinical/Date.h"
