#pragma once
// Writing a rendered phantom as a DICOM film: the one place that turns core/phantom's stored values into
// what imaging::writeDicom takes, shared by `boneage phantom` and the workstation's demo cases.

#include <string>

#include "clinical/Date.h"
#include "imaging/FilmWriter.h"
#include "phantom/PhantomFilm.h"

namespace boneage::assessment {

/// The fictitious patient and study a phantom film is filed under (the sex is the phantom's own).
struct PhantomPatient {
    std::string id;    ///< PatientID ("PHANTOM-1000004", "DEMO001"); part of the UIDs' name
    std::string name;  ///< PatientName ("Phantom^1", "DEMO^Ada")
    clinical::Date birthDate;
    clinical::Date studyDate;
};

struct PhantomDicomOptions {
    imaging::TransferSyntax transferSyntax = imaging::TransferSyntax::ExplicitLittleEndian;
    imaging::DicomSopClass sopClass = imaging::DicomSopClass::ComputedRadiography;
};

/// Writes `film` as a left-hand DICOM film of `patient`. The file keeps the phantom's photometric
/// interpretation, stored values and suggested window: a MONOCHROME1 phantom (stored bone dark) is handed to
/// the writer bone bright, as writeDicom takes pixels, and its window moved with them, so loadFilm shows the
/// same bone-bright film as the MONOCHROME2 rendering of the same spec. The study, series and SOP instance
/// UIDs are imaging::uidFromName() of "phantom/<patient id>/<spec seed>/study|series|instance", so the same
/// film and patient always write a byte-identical file. Throws what writeDicom throws (Error(Storage) when
/// the file cannot be written).
void writePhantomDicom(const std::string& path, const phantom::PhantomFilm& film,
                       const PhantomPatient& patient, const PhantomDicomOptions& options = {});

/// The birth date whose chronological age on `study` (clinical::chronologicalAgeMonths) is closest to
/// `months` (0..240).
clinical::Date birthDateForAge(double months, const clinical::Date& study);

/// "YYYYMMDD" (DICOM DA).
std::string dicomDate(const clinical::Date& date);

}  // namespace boneage::assessment
