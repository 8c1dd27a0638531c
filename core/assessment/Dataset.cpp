#include "assessment/Dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/Error.h"

namespace boneage::assessment {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> splitCsvLine(const std::string& line) {
    // The RSNA files have no quoted fields; a quoted field is still unwrapped for robustness.
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.push_back(field);
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    fields.push_back(field);
    for (std::string& f : fields) {
        const auto first = f.find_first_not_of(" \t");
        const auto last = f.find_last_not_of(" \t");
        f = first == std::string::npos ? std::string() : f.substr(first, last - first + 1);
    }
    return fields;
}

int columnIndex(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name)
            return int(i);
    }
    return -1;
}

bool parseMale(const std::string& text, bool& male) {
    if (text == "True" || text == "true" || text == "TRUE" || text == "1") {
        male = true;
        return true;
    }
    if (text == "False" || text == "false" || text == "FALSE" || text == "0") {
        male = false;
        return true;
    }
    return false;
}

std::string findImage(const fs::path& dir, const std::string& id) {
    for (const char* ext : {".png", ".dcm", ".jpg", ".jpeg"}) {
        const fs::path candidate = dir / (id + ext);
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec))
            return candidate.string();
    }
    return {};
}

}  // namespace

Dataset readRsnaDataset(const std::string& labelsCsv, const std::string& imagesDir) {
    std::ifstream in(labelsCsv);
    if (!in) {
        throw Error(ErrorCode::BadInput, labelsCsv, "cannot open the labels file");
    }
    std::error_code ec;
    if (!fs::is_directory(imagesDir, ec)) {
        throw Error(ErrorCode::BadInput, imagesDir, "the images folder does not exist");
    }
    std::string line;
    if (!std::getline(in, line)) {
        throw Error(ErrorCode::BadInput, labelsCsv, "the labels file is empty");
    }
    const auto header = splitCsvLine(line);
    const int idCol = columnIndex(header, "id");
    const int ageCol = columnIndex(header, "boneage");
    const int maleCol = columnIndex(header, "male");
    if (idCol < 0 || ageCol < 0 || maleCol < 0) {
        throw Error(ErrorCode::BadInput, labelsCsv, "the header must name the columns id, boneage and male");
    }
    const int needed = std::max({idCol, ageCol, maleCol}) + 1;
    const fs::path dir(imagesDir);
    const fs::path maskDir = dir.parent_path() / "masks";
    const bool haveMasks = fs::is_directory(maskDir, ec);
    const std::string labelsName = fs::path(labelsCsv).filename().string();

    Dataset dataset;
    int lineNo = 1;
    const auto problem = [&](const std::string& sentence) {
        dataset.problems.push_back(sentence);
        dataset.problemLines.push_back(lineNo);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = labelsName + " line " + std::to_string(lineNo);
        const auto fields = splitCsvLine(line);
        if (int(fields.size()) < needed) {
            problem(where + ": expected at least " + std::to_string(needed) + " fields.");
            continue;
        }
        LabelledFilm film;
        film.id = fields[idCol];
        if (film.id.empty() || film.id.find_first_of("/\\") != std::string::npos || film.id == "." ||
            film.id == "..") {
            problem(where + ": id '" + film.id + "' is not a file name.");
            continue;
        }
        char* end = nullptr;
        const std::string& ageText = fields[ageCol];
        film.boneAgeMonths = std::strtod(ageText.c_str(), &end);
        if (ageText.empty() || *end != '\0' || !std::isfinite(film.boneAgeMonths) || film.boneAgeMonths < 0 ||
            film.boneAgeMonths > 300) {
            problem(where + ": boneage '" + ageText + "' is not a number of months in 0-300.");
            continue;
        }
        bool male = false;
        if (!parseMale(fields[maleCol], male)) {
            problem(where + ": male '" + fields[maleCol] + "' is not True or False.");
            continue;
        }
        film.sex = male ? Sex::Male : Sex::Female;
        film.imagePath = findImage(dir, film.id);
        if (film.imagePath.empty()) {
            problem(where + ": no image " + film.id + ".png or .dcm in " + imagesDir + ".");
            continue;
        }
        if (haveMasks) {
            const fs::path mask = maskDir / (film.id + ".png");
            if (fs::is_regular_file(mask, ec))
                film.maskPath = mask.string();
        }
        dataset.films.push_back(std::move(film));
    }
    return dataset;
}

}  // namespace boneage::assessment
