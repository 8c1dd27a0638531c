#include "assessment/ReportInput.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "assessment/HeatmapOverlay.h"
#include "common/Error.h"
#include "imaging/Windowing.h"

namespace boneage::assessment {

namespace {

report::Thumbnail scaled(const std::vector<std::uint8_t>& pixels, int width, int height, int channels,
                         int side) {
    report::Thumbnail t;
    const double scale = std::min(1.0, double(side) / double(std::max(width, height)));
    t.width = std::max(1, int(std::lround(width * scale)));
    t.height = std::max(1, int(std::lround(height * scale)));
    t.channels = channels;
    t.pixels.resize(std::size_t(t.width) * std::size_t(t.height) * std::size_t(channels));
    try {
        const cv::Mat in(height, width, channels == 3 ? CV_8UC3 : CV_8UC1,
                         const_cast<std::uint8_t*>(pixels.data()));
        cv::Mat out(t.height, t.width, channels == 3 ? CV_8UC3 : CV_8UC1, t.pixels.data());
        cv::resize(in, out, out.size(), 0, 0, cv::INTER_AREA);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::Internal, "report thumbnail", std::string("cannot scale: ") + e.what());
    }
    return t;
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

report::Thumbnail filmThumbnail(const imaging::Film& film, int side) {
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(film, imaging::windowFor(film, imaging::WindowPreset::DicomDefault), false, grey);
    return scaled(grey, film.width, film.height, 1, side);
}

report::Thumbnail heatmapThumbnail(const imaging::Film& film, const engine::Heatmap& heatmap, int side) {
    return scaled(renderHeatmapOverlay(film, heatmap), film.width, film.height, 3, side);
}

report::ReportContent reportContentForFilm(const imaging::Film& film, const PatientFacts& entered,
                                           const AssessmentResult& assessment, const engine::ModelInfo& model,
                                           const ReaderRead& read) {
    report::ReportContent c;
    const imaging::FilmMetadata& m = film.meta;
    c.patientName = qs(m.patientName);
    c.patientId = qs(m.patientId);
    c.sex = assessment.patient.sex;
    std::vector<Warning> ignored;  // the assessment already carries the header's warnings
    const store::PatientFacts facts = storedFacts(countingFacts(headerFacts(m, ignored), entered));
    c.birthDate = facts.birthDate;
    c.studyDate = facts.studyDate;
    c.accessionNumber = qs(m.accessionNumber);
    c.studyDescription = qs(m.studyDescription);
    c.chronologicalAgeMonths = assessment.patient.chronologicalAgeMonths;

    c.modelName = qs(model.name);
    c.modelVersion = qs(model.version);
    c.modelSha256 = qs(model.sha256);
    c.modelBoneAgeMonths = assessment.prediction.boneAgeMonths;

    c.decision = read.decision;
    c.readerBoneAgeMonths =
        read.decision == report::ReaderDecision::Overridden ? read.overrideMonths : c.modelBoneAgeMonths;
    c.overrideReason = read.decision == report::ReaderDecision::Overridden ? read.reason : QString();
    c.readerName = read.readerName;
    // The one rule, on the reader's bone age: the report's verdict follows the reader, not the model.
    if (const auto reader = placeBoneAge(assessment.patient, c.readerBoneAgeMonths)) {
        c.sdMonths = reader->sdMonths;
        c.zScore = reader->zScore;
        c.verdict = reader->verdict;
    }

    c.filmThumbnail = filmThumbnail(film);
    if (assessment.prediction.gradcam)
        c.gradcamThumbnail = heatmapThumbnail(film, *assessment.prediction.gradcam);

    c.source.studyInstanceUid = qs(m.studyInstanceUid);
    c.source.seriesInstanceUid = qs(m.seriesInstanceUid);
    c.source.sopInstanceUid = qs(m.sopInstanceUid);
    c.source.sopClassUid = qs(m.sopClassUid);
    c.source.modality = qs(m.modality);
    return c;
}

}  // namespace boneage::assessment
