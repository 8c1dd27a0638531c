#pragma once
// The edge between an assessed film and its report: fills report::ReportContent from the film, the model's
// assessment and the reader's read. The reader's z-score and verdict come from the one clinical rule applied
// to the reader's bone age.

#include <QString>

#include "assessment/Assessor.h"
#include "report/ReportContent.h"

namespace boneage::assessment {

/// What the reader decided.
struct ReaderRead {
    QString readerName;
    report::ReaderDecision decision = report::ReaderDecision::Confirmed;
    double overrideMonths = 0;  ///< the reader's bone age when overriding; ignored when confirming
    QString reason;             ///< why, when overriding
};

/// The longest side of the report's thumbnails, in pixels.
inline constexpr int kReportThumbnailSide = 480;

/// The report of `film` after `assessment` (made with `model`) and the reader's `read`: patient and study
/// from the film's header and what the user entered (`entered`, the precedence of resolvePatient()), the
/// model's and the reader's bone age, the Brush SD, z-score and verdict of the reader's bone age
/// (placeBoneAge(), the case's one verdict rule), thumbnails of the film and of the
/// Grad-CAM overlay (when the assessment has one), the source UIDs. Signing fields (time, organisation) are
/// left for the caller. Throws Error(BadInput) for a negative or non-finite override.
report::ReportContent reportContentForFilm(const imaging::Film& film, const PatientFacts& entered,
                                           const AssessmentResult& assessment, const engine::ModelInfo& model,
                                           const ReaderRead& read);

/// The film through its default window, scaled down (area average) to fit `side` x `side`.
report::Thumbnail filmThumbnail(const imaging::Film& film, int side = kReportThumbnailSide);

/// The Grad-CAM overlay (renderHeatmapOverlay) scaled down the same way, as RGB.
report::Thumbnail heatmapThumbnail(const imaging::Film& film, const engine::Heatmap& heatmap,
                                   int side = kReportThumbnailSide);

}  // namespace boneage::assessment
