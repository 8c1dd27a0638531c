#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "clinical/Assessment.h"
#include "clinical/Date.h"
#include "common/Sex.h"
#include "common/Warning.h"
#include "imaging/Film.h"
#include "store/Records.h"

namespace boneage::assessment {

// The rules of a case, in one place: which sex and dates count, the chronological age, and where a bone age
// (the model's or the reader's) lies against the Brush SD band. The CLI's assessor, the worklist import, the
// case database adapter, the assessment panel and the report all call these; none computes its own.

/// What is known of a patient, as the rules take it: each field may be unknown.
struct PatientFacts {
    std::optional<Sex> sex;
    std::optional<clinical::Date> birthDate;
    std::optional<clinical::Date> studyDate;
};

/// The patient as every later step uses it.
struct Patient {
    std::optional<Sex> sex;
    std::optional<double> chronologicalAgeMonths;  ///< clinical::chronologicalAge()
    std::vector<Warning> warnings;                 ///< why a fact is missing or was ignored
};

/// The facts that count: each fact from `entered` (what the user said) when set, else from `film` (the
/// header). The one precedence: the chronological age, the report's dates and the panel all follow it.
PatientFacts countingFacts(const PatientFacts& film, const PatientFacts& entered);

/// The rule: each fact from `entered` (what the user said: --sex, a reader's entry) when set, else from
/// `film` (the header); then the chronological age by clinical::chronologicalAge(). Warnings already found
/// on `film` (headerFacts()) are the caller's to keep. Pure; never throws.
Patient resolvePatient(const PatientFacts& film, const PatientFacts& entered);

/// The film's header as facts: PatientSex M/F, birth and study dates; a date value that is not a date is
/// dropped with WarningCode::HeaderDateInvalid in `warnings`.
PatientFacts headerFacts(const imaging::FilmMetadata& meta, std::vector<Warning>& warnings);

/// A stored case's facts (QDate to clinical::Date).
PatientFacts factsOf(const store::PatientFacts& facts);
/// And back, for storing what a reader entered.
store::PatientFacts storedFacts(const PatientFacts& facts);

/// The Brush SD at the patient's chronological age (clinical::brushSd()), before any bone age is known;
/// empty without a sex or a chronological age.
std::optional<double> bandSdMonths(const Patient& patient);

/// The verdict rule applied to a case: `boneAgeMonths` against the patient's sex and chronological age
/// (clinical::assess). Empty when the sex is unknown (no SD band without it). Throws Error(BadInput) for a
/// negative or non-finite bone age.
std::optional<clinical::Assessment> placeBoneAge(const Patient& patient, double boneAgeMonths);

/// The youngest bone age a model's output is taken as (the RSNA training films start at 1 month). Below it
/// the output is the ReLU's floor: the network recognised no bone age, as on a film that is not a hand.
inline constexpr double kModelFloorMonths = 1.0;

/// The rule for a model's output that is no reading: below kModelFloorMonths. The assessor warns
/// (WarningCode::NoBoneAgeFound) and the workstation does not offer to accept it (the reader may override).
bool noBoneAgeFound(double modelBoneAgeMonths);

/// Where a case stands in the reading workflow.
enum class CaseStatus {
    New,         ///< no model prediction yet
    Predicted,   ///< the model has read it, no radiologist decision
    Confirmed,   ///< the radiologist accepted the model's bone age
    Overridden,  ///< the radiologist entered their own bone age
    Reported,    ///< a signed report of the latest decision has been exported
};

/// Everything derived about a stored case.
struct CaseReading {
    Patient patient;
    std::optional<clinical::Assessment> model;   ///< the latest prediction, placed against the patient now
    std::optional<clinical::Assessment> reader;  ///< the latest decision, placed against the patient now
    CaseStatus status = CaseStatus::New;

    /// The assessment of record: the reader's once a reader has decided, else the model's.
    const std::optional<clinical::Assessment>& ofRecord() const { return reader ? reader : model; }
    /// Whether a reader has decided on the case (then ofRecord() is the reader's).
    bool decided() const { return status != CaseStatus::New && status != CaseStatus::Predicted; }
};

/// Derives a stored case's patient, the model's and the reader's assessments and its status.
CaseReading readCase(const store::CaseSummary& summary);

/// The reader's decision placed against the case (sdMonths, zScore and verdict filled in): what
/// CaseStore::addRead() stores. Throws Error(BadInput) for a bone age that is not a non-negative number.
store::ReadRecord placeDecision(const store::CaseRecord& record, store::ReadRecord read);
/// The model's prediction placed against the case, likewise.
store::PredictionRecord placePrediction(const store::CaseRecord& record, store::PredictionRecord prediction);

/// A film's header as a new case (no id, nothing entered, no reads): identifiers, UIDs, accession, study
/// description, the person name made readable, and the facts through headerFacts() (a date that is not a
/// date is simply unknown here; the reading warns again). Every import (files, PACS) makes cases with this.
store::CaseRecord caseRecordOf(const imaging::FilmMetadata& meta, const std::string& sourcePath);

/// What to call a case on screen: the patient's name, else the patient ID, else the film's file name.
QString displayName(const store::CaseRecord& record);

/// The DICOM person name as people read it: "DOE^JANE^^^" -> "DOE, JANE".
QString readablePersonName(const std::string& dicomName);

}  // namespace boneage::assessment
