#include "assessment/BatchResultsFile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "assessment/BatchCsv.h"
#include "common/Error.h"

namespace boneage::assessment {

namespace {

[[noreturn]] void storageError(const std::string& path, const std::string& what) {
    throw Error(ErrorCode::Storage, path, what + ": " + std::strerror(errno));
}

/// One writer per results file: two runs appending to the same CSV (a job started twice, a requeued task
/// whose first try still runs) would each score the rows the other is scoring. The lock goes with the
/// process, SIGKILL included.
void lockForWriting(int fd, const std::string& path) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        return;
    if (errno == EWOULDBLOCK)
        throw Error(ErrorCode::Usage, path, "another boneage batch is writing this results file");
    storageError(path, "cannot lock the results file");
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

void writeAll(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            storageError(path, "cannot write a row");
        done += std::size_t(n);
    }
}

}  // namespace

BatchCsvRows BatchResultsFile::readRows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::BadInput, path, "cannot open the results file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    BatchCsvRows rows;
    const std::size_t headerEnd = text.find('\n');
    if (headerEnd == std::string::npos || text.compare(0, headerEnd, batchCsvHeader()) != 0)
        throw Error(ErrorCode::BadInput, path, "not a boneage batch results file (its header differs)");
    rows.wholeBytes = headerEnd + 1;
    std::unordered_set<std::string> seen;
    std::size_t lineNo = 1;
    for (std::size_t start = headerEnd + 1; start < text.size();) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            rows.cutShort = true;
            break;
        }
        ++lineNo;
        const std::string line = text.substr(start, end - start);
        const auto fields = splitBatchCsvLine(line);
        if (!fields || fields->size() != batchCsvColumns())
            throw Error(ErrorCode::BadInput, path, "line " + std::to_string(lineNo) + " is damaged");
        if (!seen.insert((*fields)[0]).second)
            throw Error(ErrorCode::BadInput, path,
                        "line " + std::to_string(lineNo) + " repeats an input of an earlier line");
        rows.keys.push_back((*fields)[0]);
        rows.lines.push_back(line + '\n');
        rows.errors += (*fields)[1] == "error" ? 1 : 0;
        rows.wholeBytes = end + 1;
        start = end + 1;
    }
    return rows;
}

BatchResultsFile BatchResultsFile::open(const std::string& path, const BatchPlan& plan, bool resume) {
    const std::string planPath = BatchPlan::pathFor(path);
    const bool csvExists = exists(path);
    if (csvExists && !resume)
        throw Error(ErrorCode::Usage, path, "the results file exists; pass --resume to continue it");
    if (!csvExists) {
        plan.write(planPath);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0)
            storageError(path, "cannot create the results file");
        BatchResultsFile file(path, fd);
        lockForWriting(fd, path);
        file.append(batchCsvHeader() + '\n');
        return file;
    }

    if (!exists(planPath))
        throw Error(ErrorCode::Usage, path, "cannot resume: its plan " + planPath + " is missing");
    const std::string difference = BatchPlan::read(planPath).differenceFrom(plan);
    if (!difference.empty())
        throw Error(ErrorCode::Usage, path,
                    "cannot resume: its " + difference + " differs from this run's (see " + planPath + ")");
    const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        storageError(path, "cannot open the results file");
    BatchResultsFile file(path, fd);
    lockForWriting(fd, path);
    // Killed before the header line was whole: start the file again.
    const std::string header = batchCsvHeader() + '\n';
    std::string head(header.size(), '\0');
    const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
    if (got < 0)
        storageError(path, "cannot read the results file");
    head.resize(std::size_t(got));
    if (head.size() < header.size() && header.compare(0, head.size(), head) == 0) {
        if (::ftruncate(fd, 0) != 0)
            storageError(path, "cannot repair the results file");
        file.append(header);
        return file;
    }
    const BatchCsvRows rows = readRows(path);
    if (rows.cutShort && ::ftruncate(fd, off_t(rows.wholeBytes)) != 0)
        storageError(path, "cannot remove the cut-short last row");
    file.m_done.insert(rows.keys.begin(), rows.keys.end());
    file.m_doneErrors = rows.errors;
    return file;
}

BatchResultsFile::BatchResultsFile(std::string path, int fd)
    : m_path(std::move(path)), m_fd(fd), m_lastSync(std::chrono::steady_clock::now()) {}

BatchResultsFile::BatchResultsFile(BatchResultsFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_fd(other.m_fd),
      m_done(std::move(other.m_done)),
      m_doneErrors(other.m_doneErrors),
      m_lastSync(other.m_lastSync) {
    other.m_fd = -1;
}

BatchResultsFile::~BatchResultsFile() {
    if (m_fd >= 0) {
        ::fdatasync(m_fd);
        ::close(m_fd);
    }
}

void BatchResultsFile::append(const std::string& row) {
    writeAll(m_fd, row, m_path);
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastSync >= std::chrono::seconds(1)) {
        sync();
        m_lastSync = now;
    }
}

void BatchResultsFile::sync() {
    if (::fdatasync(m_fd) != 0)
        storageError(m_path, "cannot write the results file to disk");
}

}  // namespace boneage::assessment
