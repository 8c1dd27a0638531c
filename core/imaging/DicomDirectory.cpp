// readDicomDirectory: the bounded structure scan, DCMTK's parse, then the IMAGE records' file IDs resolved
// inside the DICOMDIR's folder.
#include "imaging/DicomDirectory.h"

#include "imaging/DcmtkSupport.h"
#include "imaging/DicomStructure.h"
#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace boneage::imaging {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& cause) {
    throw Error(ErrorCode::BadInput, path, cause);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::vector<std::uint8_t> readBytes(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        fail(path, fs::exists(path, ec) ? "not a regular file" : "file not found");
    const auto size = fs::file_size(path, ec);
    if (ec)
        fail(path, "cannot read: " + ec.message());
    if (std::int64_t(size) > kMaxFilmFileBytes)
        fail(path, "file too large: " + std::to_string(size) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, "cannot open");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    bytes.resize(std::size_t(in.gcount()));
    return bytes;
}

/// `dir / name`, or the entry of `dir` whose name equals `name` ignoring case; an empty path when neither
/// exists.
fs::path findComponent(const fs::path& dir, const std::string& name) {
    std::error_code ec;
    const fs::path exact = dir / name;
    if (fs::exists(exact, ec))
        return exact;
    const std::string wanted = lower(name);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (lower(it->path().filename().string()) == wanted)
            return it->path();
    }
    return {};
}

/// Splits a Referenced File ID ("DIR1\DIR2\IM0001", components as DCMTK joins multiple values) and
/// resolves it under `root`.
fs::path resolveFileId(const fs::path& root, const std::string& fileId, const std::string& dicomdir,
                       std::size_t record) {
    std::vector<std::string> components;
    std::string part;
    for (char c : fileId + '\\') {
        if (c != '\\') {
            part += c;
            continue;
        }
        while (!part.empty() && part.back() == ' ')
            part.pop_back();
        if (part.empty() || part == "." || part == ".." || part.find('/') != std::string::npos)
            fail(dicomdir, "directory record " + std::to_string(record) +
                               " has a file ID that leaves the DICOMDIR's folder");
        components.push_back(part);
        part.clear();
    }
    fs::path resolved = root, written = root;
    bool found = true;
    for (const std::string& component : components) {
        written /= component;
        if (found) {
            const fs::path next = findComponent(resolved, component);
            found = !next.empty();
            resolved = found ? next : resolved;
        }
    }
    return found ? resolved : written;
}

}  // namespace

bool isDicomDirectoryName(const std::string& path) {
    return lower(fs::path(path).filename().string()) == "dicomdir";
}

std::vector<std::string> readDicomDirectory(const std::string& path) {
    detail::ensureDcmtkReady();
    const std::vector<std::uint8_t> bytes = readBytes(path);
    const detail::DicomStructure structure = detail::scanDicomStructure(bytes.data(), bytes.size(), path);
    if (structure.transferSyntaxUid.empty())
        fail(path, "not a DICOMDIR: the file has no DICOM meta header");

    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), offile_off_t(bytes.size()));
    stream.setEos();
    DcmFileFormat file;
    file.transferInit();
    const OFCondition cond = file.read(stream);
    file.transferEnd();
    if (cond.bad())
        fail(path, std::string("malformed DICOM data: ") + cond.text());
    DcmSequenceOfItems* records = nullptr;
    if (file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || !records)
        fail(path, "not a DICOMDIR: no Directory Record Sequence (0004,1220)");

    const fs::path root = fs::path(path).parent_path();
    std::vector<std::string> files;
    for (unsigned long i = 0; i < records->card(); ++i) {
        DcmItem* record = records->getItem(i);
        OFString type, fileId;
        if (!record || record->findAndGetOFString(DCM_DirectoryRecordType, type).bad() || type != "IMAGE")
            continue;
        if (record->findAndGetOFStringArray(DCM_ReferencedFileID, fileId).bad() || fileId.empty())
            continue;
        files.push_back(resolveFileId(root, fileId.c_str(), path, i + 1).string());
    }
    return files;
}

}  // namespace boneage::imaging
