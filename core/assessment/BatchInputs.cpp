#include "assessment/BatchInputs.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "assessment/Dataset.h"
#include "common/Error.h"
#include "engine/Sha256.h"
#include "imaging/DicomDirectory.h"

namespace boneage::assessment {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool isHidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

/// "DICM" at offset 128: a Part 10 file, whatever its name (DICOMDIR exports use names like IM000001).
bool startsLikeDicom(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char head[132];
    return in.read(head, sizeof head) && std::memcmp(head + 128, "DICM", 4) == 0;
}

bool isFilmCandidate(const fs::path& path) {
    static const char* const kExtensions[] = {".dcm", ".dicom", ".dic", ".png", ".jpg", ".jpeg"};
    const std::string ext = lowerExtension(path);
    for (const char* known : kExtensions) {
        if (ext == known)
            return true;
    }
    return startsLikeDicom(path);
}

class Collector {
public:
    std::vector<BatchInput> inputs;

    void addSource(const std::string& source) {
        std::error_code ec;
        const fs::path path(source);
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status))
            throw Error(ErrorCode::BadInput, source, "no such file or folder");
        if (fs::is_directory(status)) {
            addFolder(path);
        } else if (imaging::isDicomDirectoryName(source)) {
            addDicomDirectory(path);
        } else {
            addFilm(path);
        }
    }

private:
    void addFilm(const fs::path& path, std::optional<Sex> sex = std::nullopt,
                 std::optional<double> reference = std::nullopt) {
        inputs.push_back({path.lexically_normal().string(), sex, reference, {}});
    }

    void addProblem(const std::string& key, const std::string& problem) {
        inputs.push_back({key, std::nullopt, std::nullopt, problem});
    }

    void addDicomDirectory(const fs::path& path) {
        try {
            for (const std::string& file : imaging::readDicomDirectory(path.string()))
                addFilm(file);
        } catch (const Error& e) {
            addProblem(path.lexically_normal().string(), e.what());
        }
    }

    void addRsnaSet(const fs::path& folder) {
        const fs::path labels = folder / "labels.csv";
        try {
            const Dataset set = readRsnaDataset(labels.string(), (folder / "images").string());
            for (const LabelledFilm& film : set.films)
                addFilm(film.imagePath, film.sex, film.boneAgeMonths);
            for (std::size_t i = 0; i < set.problems.size(); ++i) {
                addProblem(labels.lexically_normal().string() + ":" + std::to_string(set.problemLines[i]),
                           set.problems[i]);
            }
        } catch (const Error& e) {
            addProblem(labels.lexically_normal().string(), e.what());
        }
    }

    void addFolder(const fs::path& folder) {
        std::error_code ec;
        if (fs::is_regular_file(folder / "labels.csv", ec) && fs::is_directory(folder / "images", ec)) {
            addRsnaSet(folder);
            return;
        }
        std::vector<fs::path> files, folders;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path& entry = it->path();
            if (isHidden(entry))
                continue;
            std::error_code entryError;
            if (imaging::isDicomDirectoryName(entry.string()) && it->is_regular_file(entryError)) {
                addDicomDirectory(entry);
                return;
            }
            if (it->is_directory(entryError)) {
                if (!it->is_symlink(entryError))
                    folders.push_back(entry);
            } else if (it->is_regular_file(entryError)) {
                files.push_back(entry);
            }
        }
        if (ec) {
            addProblem(folder.lexically_normal().string(),
                       Error(ErrorCode::BadInput, folder.string(), "cannot list the folder: " + ec.message())
                           .what());
            return;
        }
        for (const fs::path& file : files) {
            if (isFilmCandidate(file))
                addFilm(file);
        }
        for (const fs::path& sub : folders)
            addFolder(sub);
    }
};

}  // namespace

std::optional<ShardSpec> parseShardSpec(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size())
        return std::nullopt;
    auto number = [](const std::string& digits) -> std::optional<int> {
        if (digits.empty() || digits.size() > 6 ||
            !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
            return std::nullopt;
        return std::stoi(digits);
    };
    const auto index = number(text.substr(0, slash)), count = number(text.substr(slash + 1));
    if (!index || !count || *count < 1 || *count > 100000 || *index < 1 || *index > *count)
        return std::nullopt;
    return ShardSpec{*index, *count};
}

std::vector<BatchInput> collectBatchInputs(const std::vector<std::string>& sources) {
    Collector collector;
    for (const std::string& source : sources)
        collector.addSource(source);
    std::vector<BatchInput>& inputs = collector.inputs;
    std::stable_sort(inputs.begin(), inputs.end(),
                     [](const BatchInput& a, const BatchInput& b) { return a.key < b.key; });
    inputs.erase(std::unique(inputs.begin(), inputs.end(),
                             [](const BatchInput& a, const BatchInput& b) { return a.key == b.key; }),
                 inputs.end());
    return inputs;
}

std::vector<BatchInput> selectShard(const std::vector<BatchInput>& inputs, const ShardSpec& shard) {
    std::vector<BatchInput> selected;
    for (std::size_t i = std::size_t(shard.index - 1); i < inputs.size(); i += std::size_t(shard.count))
        selected.push_back(inputs[i]);
    return selected;
}

std::string inputsDigest(const std::vector<BatchInput>& inputs) {
    engine::Sha256 hash;
    for (const BatchInput& input : inputs) {
        hash.update(input.key.data(), input.key.size());
        hash.update("\n", 1);
    }
    return hash.hexDigest();
}

}  // namespace boneage::assessment
