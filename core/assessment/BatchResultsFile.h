#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

#include "assessment/BatchPlan.h"

namespace boneage::assessment {

/// The rows a results CSV holds (its header checked, every line split).
struct BatchCsvRows {
    std::vector<std::string> keys;   ///< the input column of each row, in file order
    std::vector<std::string> lines;  ///< each row as written, with its "\n"
    std::size_t errors = 0;          ///< rows whose status is "error"
    /// Bytes of whole lines (header included); less than the file's size when a row was cut short (the
    /// process was killed inside its write).
    std::size_t wholeBytes = 0;
    bool cutShort = false;
};

/// The results CSV of one batch run. Rows are appended whole, one write() each, in the order given, so a
/// killed process leaves whole rows and at most one cut-short last line, which open(resume) removes: no row
/// is lost that append() returned from, and none is there twice. The file and its plan are owner-only
/// (0600). Not thread-safe: one thread appends.
class BatchResultsFile {
public:
    /// Starts or continues the CSV at `path` for `plan`.
    /// Without `resume`: Error(Usage) when `path` exists; else writes the plan (BatchPlan::pathFor) and a
    /// CSV holding the header. With `resume`: when `path` exists, its plan must equal `plan` (Error(Usage)
    /// naming what differs), a cut-short last line is truncated away and doneKeys() lists its rows; when
    /// it does not, starts fresh. Error(Storage) when the files cannot be written, Error(BadInput) when the
    /// existing CSV is not a batch CSV or holds a damaged line. The file stays locked (flock) while the
    /// object lives: Error(Usage) when another process (or object) has it open for writing.
    static BatchResultsFile open(const std::string& path, const BatchPlan& plan, bool resume);

    /// Reads a results CSV. Error(BadInput, path, ...) when it is missing, its header is not
    /// batchCsvHeader(), a whole line does not split into the columns, or a key is there twice.
    static BatchCsvRows readRows(const std::string& path);

    BatchResultsFile(BatchResultsFile&& other) noexcept;
    BatchResultsFile& operator=(BatchResultsFile&&) = delete;
    BatchResultsFile(const BatchResultsFile&) = delete;
    BatchResultsFile& operator=(const BatchResultsFile&) = delete;
    /// Flushes to disk (fdatasync) and closes.
    ~BatchResultsFile();

    /// The inputs that already have a row (after a resume).
    const std::unordered_set<std::string>& doneKeys() const { return m_done; }
    std::size_t doneErrors() const { return m_doneErrors; }

    /// Appends one row (a line ending in "\n") in a single write; fdatasync at most once a second, so a
    /// power cut loses at most the last second's rows (which --resume scores again). Error(Storage).
    void append(const std::string& row);
    /// fdatasync now. Error(Storage).
    void sync();

private:
    BatchResultsFile(std::string path, int fd);

    std::string m_path;
    int m_fd = -1;
    std::unordered_set<std::string> m_done;
    std::size_t m_doneErrors = 0;
    std::chrono::steady_clock::time_point m_lastSync;
};

}  // namespace boneage::assessment
