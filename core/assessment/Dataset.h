#pragma once

#include <string>
#include <vector>

#include "common/Sex.h"

namespace boneage::assessment {

/// One film of a dataset in the RSNA Bone Age layout (DESIGN.md): labels.csv with id,boneage,male and
/// images <images-dir>/<id>.png (or .dcm). A phantom set adds masks <images-dir>/../masks/<id>.png marking
/// the age-informative regions.
struct LabelledFilm {
    std::string id;
    double boneAgeMonths = 0;
    Sex sex = Sex::Male;
    std::string imagePath;
    std::string maskPath;  ///< empty when the dataset has no mask for this film
};

struct Dataset {
    std::vector<LabelledFilm> films;
    /// One sentence per skipped row ("labels.csv line 7: boneage 'abc' is not a number."): a bad row is
    /// reported and skipped, never fatal to the rest.
    std::vector<std::string> problems;
    /// The labels file's line number of each problem (parallel to `problems`), for callers that keep a
    /// record per line (boneage batch).
    std::vector<int> problemLines;
};

/// Reads an RSNA-layout dataset. Throws boneage::Error(BadInput) only when the labels file itself is unusable
/// (missing, unreadable, no header with id, boneage and male columns).
Dataset readRsnaDataset(const std::string& labelsCsv, const std::string& imagesDir);

}  // namespace boneage::assessment
