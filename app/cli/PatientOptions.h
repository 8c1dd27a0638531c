#pragma once

#include <QCommandLineParser>

#include "assessment/CaseReading.h"

namespace boneage::cli {

/// The options --sex M|F, --birth-date D and --study-date D, shared by the commands that read one film.
void addPatientOptions(QCommandLineParser& parser);

/// What the user said about the patient through those options; each unset option stays unknown (the
/// film's header then counts, assessment::resolvePatient()). A value that is not M/F or not a date is a
/// usage error (exit 2) naming the option.
assessment::PatientFacts enteredPatientFacts(const QCommandLineParser& parser);

}  // namespace boneage::cli
