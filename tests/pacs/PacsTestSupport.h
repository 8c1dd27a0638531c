#pragma once
// Films for the PACS tests: small DICOM films with chosen patient, study and instance identification.

#include "imaging/FilmWriter.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace boneage::pacs::testing {

struct TestFilm {
    std::string path;
    imaging::FilmMetadata meta;
    int width = 96, height = 80;
    std::vector<std::uint16_t> pixels;
};

/// A deterministic 12-bit film pattern that differs per `seed`.
inline std::vector<std::uint16_t> filmPixels(int width, int height, unsigned seed) {
    std::vector<std::uint16_t> p(std::size_t(width) * std::size_t(height));
    for (std::size_t i = 0; i < p.size(); ++i)
        p[i] = std::uint16_t((i * 37u + seed * 101u + (i / std::size_t(width)) * 13u) % 4096u);
    return p;
}

/// Writes a film into `dir` with the given identification (the series and instance UIDs made from
/// `studyUid` and `seed`); a CR unless `modality` says otherwise.
inline TestFilm writeTestFilm(const QString& dir, const std::string& name, const std::string& patientName,
                              const std::string& patientId, const std::string& studyDate,
                              const std::string& studyUid, unsigned seed, const std::string& accession = {},
                              const std::string& modality = {}) {
    TestFilm film;
    film.path = (dir + QStringLiteral("/") + QString::fromStdString(name)).toStdString();
    film.pixels = filmPixels(film.width, film.height, seed);
    imaging::DicomWriteOptions o;
    o.bitsStored = 12;
    o.metadata.patientName = patientName;
    o.metadata.patientId = patientId;
    o.metadata.patientSex = seed % 2 ? "F" : "M";
    o.metadata.birthDate = "20150101";
    o.metadata.studyDate = studyDate;
    o.metadata.studyInstanceUid = studyUid;
    o.metadata.seriesInstanceUid = studyUid + ".1";
    o.metadata.sopInstanceUid = studyUid + ".1." + std::to_string(seed);
    o.metadata.bodyPart = "HAND";
    o.metadata.laterality = "L";
    o.metadata.accessionNumber = accession;
    o.metadata.modality = modality;
    imaging::writeDicom(film.path, film.width, film.height, film.pixels, o);
    film.meta = o.metadata;
    return film;
}

/// A 512 x 512 hand film of `studyUid` (about 0.5 MB: many P-DATA PDUs), for a cut in its middle.
inline std::string writeLargeFilm(const QString& dir, const std::string& name, const std::string& studyUid,
                                  int index) {
    const std::string path = (dir + QStringLiteral("/") + QString::fromStdString(name)).toStdString();
    imaging::DicomWriteOptions o;
    o.metadata.patientId = "LARGE";
    o.metadata.studyInstanceUid = studyUid;
    o.metadata.seriesInstanceUid = studyUid + ".1";
    o.metadata.sopInstanceUid = studyUid + ".1." + std::to_string(index);
    o.metadata.bodyPart = "HAND";
    imaging::writeDicom(path, 512, 512, filmPixels(512, 512, unsigned(index)), o);
    return path;
}

}  // namespace boneage::pacs::testing
