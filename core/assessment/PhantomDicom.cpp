#include "assessment/PhantomDicom.h"

#include <cmath>
#include <cstdio>

#include "clinical/ChronologicalAge.h"
#include "imaging/Uid.h"

namespace boneage::assessment {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil-date algorithms).
long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

clinical::Date civilFromDays(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = int(doy - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    return clinical::Date{int(yoe + era * 400) + (m <= 2), m, d};
}

/// Stored phantom values to bone-bright values (what the DICOM writer takes).
std::vector<std::uint16_t> boneBright(const phantom::PhantomFilm& film) {
    std::vector<std::uint16_t> out(film.pixels);
    if (film.monochrome1) {
        const int top = (1 << film.bitsStored) - 1;
        for (auto& v : out)
            v = std::uint16_t(top - v);
    }
    return out;
}

double boneBrightCentre(const phantom::PhantomFilm& film) {
    return film.monochrome1 ? double((1 << film.bitsStored) - 1) - film.windowCenter : film.windowCenter;
}

}  // namespace

std::string dicomDate(const clinical::Date& d) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02d%02d", d.year, d.month, d.day);
    return text;
}

clinical::Date birthDateForAge(double months, const clinical::Date& study) {
    const long studyDay = daysFromCivil(study.year, study.month, study.day);
    long best = studyDay;
    double bestError = 1e300;
    const long guess = studyDay - long(std::lround(months * 30.436875));
    for (long day = guess - 3; day <= guess + 3; ++day) {
        if (day > studyDay)
            break;
        const double error = std::fabs(clinical::chronologicalAgeMonths(civilFromDays(day), study) - months);
        if (error < bestError) {
            bestError = error;
            best = day;
        }
    }
    return civilFromDays(best);
}

void writePhantomDicom(const std::string& path, const phantom::PhantomFilm& film,
                       const PhantomPatient& patient, const PhantomDicomOptions& options) {
    imaging::DicomWriteOptions o;
    o.transferSyntax = options.transferSyntax;
    o.sopClass = options.sopClass;
    o.bitsStored = film.bitsStored;
    o.monochrome1 = film.monochrome1;
    o.window = imaging::Window{boneBrightCentre(film), film.windowWidth};
    o.pixelSpacingMm = std::make_pair(film.pixelSpacingMm, film.pixelSpacingMm);
    imaging::FilmMetadata& m = o.metadata;
    m.patientId = patient.id;
    m.patientName = patient.name;
    m.patientSex = sexCode(film.spec.sex);
    m.birthDate = dicomDate(patient.birthDate);
    m.studyDate = dicomDate(patient.studyDate);
    m.bodyPart = "HAND";
    m.laterality = "L";
    const std::string uidName = "phantom/" + patient.id + "/" + std::to_string(film.spec.seed) + "/";
    m.studyInstanceUid = imaging::uidFromName(uidName + "study");
    m.seriesInstanceUid = imaging::uidFromName(uidName + "series");
    m.sopInstanceUid = imaging::uidFromName(uidName + "instance");
    imaging::writeDicom(path, film.width, film.height, boneBright(film), o);
}

}  // namespace boneage::assessment
