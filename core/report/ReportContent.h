#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

#include "clinical/Assessment.h"
#include "common/Sex.h"

namespace boneage::report {

/// A small raster for the report: 8-bit grey (channels 1) or RGB (channels 3), row-major, tightly packed
/// (width * height * channels bytes). Empty when width or height is 0.
struct Thumbnail {
    int width = 0, height = 0, channels = 1;
    std::vector<std::uint8_t> pixels;

    bool isEmpty() const { return width <= 0 || height <= 0; }
};

/// What the reader did with the model's bone age.
enum class ReaderDecision { Confirmed, Overridden };

/// "confirmed" / "overridden".
const char* readerDecisionName(ReaderDecision decision);

/// The film the report is about, by its DICOM identity. A PNG film has none: the report then starts a
/// study of its own (see ReportUids).
struct SourceImage {
    QString studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid;
    QString modality;  ///< of the film ("CR", "DX", ...); empty for PNG

    bool hasDicomIdentity() const { return !studyInstanceUid.isEmpty() && !sopInstanceUid.isEmpty(); }
};

/// The signed report a revision supersedes: its SR's identity and when it was signed.
struct PredecessorReport {
    QString studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid;
    QDateTime signingTime;
    int revision = 1;
};

/// Everything a bone-age report says, as a plain value. It is filled at the edge (the CLI, the workstation)
/// from the case and the rules that own each figure: the reader's z-score and verdict come from the one
/// clinical rule applied to the reader's bone age, never from here. Nothing in this module derives a
/// clinical figure; the PDF and the SR print what they are given.
///
/// Contains patient identifiers: never log it.
struct ReportContent {
    // --- patient and study (empty / unset when unknown) ---
    QString patientName;  ///< as the film stores it (DICOM PN, "Family^Given"), or free text
    QString patientId;
    std::optional<Sex> sex;
    QDate birthDate, studyDate;  ///< null when unknown
    QString accessionNumber, studyDescription;
    std::optional<double> chronologicalAgeMonths;

    // --- the model's read ---
    QString modelName, modelVersion, modelSha256;
    double modelBoneAgeMonths = 0;

    // --- the reader's read, and the clinical rule applied to it ---
    double readerBoneAgeMonths = 0;
    ReaderDecision decision = ReaderDecision::Confirmed;
    QString overrideReason;                                  ///< required for Overridden
    std::optional<double> sdMonths;                          ///< Brush SD at the chronological age
    std::optional<double> zScore;                            ///< of the reader's bone age
    clinical::Verdict verdict = clinical::Verdict::Unknown;  ///< of the reader's bone age

    // --- pictures ---
    Thumbnail filmThumbnail;     ///< grey, through the film's default window
    Thumbnail gradcamThumbnail;  ///< RGB overlay; empty when no Grad-CAM was made

    // --- signature ---
    QString readerName;     ///< the person who read and signs (printed name)
    QString organisation;   ///< of the reader
    QDateTime signingTime;  ///< with the signing machine's offset from UTC; printed in UTC and local time
    QString meaning = QStringLiteral("Reviewed and approved by");  ///< what the signature means
    QString researchNotice = QStringLiteral(
        "Research use only. The bone-age model is not a cleared medical device; the reader's bone age "
        "is the result of this report.");

    // --- identity ---
    SourceImage source;
    int revision = 1;                             ///< 1, or the revision number of an amendment
    std::optional<PredecessorReport> supersedes;  ///< set for revision > 1

    /// Reader's bone age minus chronological age; empty when the chronological age is unknown.
    std::optional<double> differenceMonths() const;
    /// Reader's bone age minus the model's.
    double readerMinusModelMonths() const { return readerBoneAgeMonths - modelBoneAgeMonths; }
};

}  // namespace boneage::report
