#pragma once
// The workstation as a DICOM SCU: C-ECHO, C-FIND (study and series level), C-GET, C-MOVE and C-STORE.

#include "pacs/Peer.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace boneage::pacs {

/// Study-level query keys (Study Root). Empty keys match everything. Patient name may hold the DICOM
/// wildcards * and ?; dates are YYYYMMDD, either end of the range may be empty.
struct StudyQuery {
    std::string patientName, patientId;
    std::string studyDateFrom, studyDateTo;
    std::string modality;  ///< ModalitiesInStudy, e.g. "CR" or "DX"
    std::string accessionNumber;
    std::string studyInstanceUid;
};

/// One study as the peer describes it. Strings are as received; they contain patient identifiers.
struct StudyRecord {
    std::string patientId, patientName;
    std::string studyDate;  ///< YYYYMMDD or ""
    std::string studyInstanceUid, accessionNumber, studyDescription;
    std::vector<std::string> modalities;
    std::optional<int> numberOfInstances;
};

struct SeriesRecord {
    std::string seriesInstanceUid, modality, bodyPart, seriesDescription;
    std::optional<int> seriesNumber, numberOfInstances;
};

/// Sub-operation counts of a retrieve, as the peer last reported them.
struct RetrieveProgress {
    int completed = 0, remaining = 0, failed = 0, warning = 0;
};

/// What a retrieve brought. C-GET: the files this client wrote (names it made: never from received text).
struct RetrieveResult {
    RetrieveProgress final;
    std::vector<std::string> files;
};

/// Cancels the operations of the client it is given to, from any thread: the one in progress ends with
/// Error(Network, peer, "cancelled") within a second, leaving no partial file.
class CancelToken {
public:
    void cancel();
    bool cancelled() const { return m_cancelled.load(); }
    /// The running operation's way to stop at once (it shuts its connection down); cleared when it ends.
    void setInterrupt(std::function<void()> interrupt);

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::function<void()> m_interrupt;
};

/// One peer's SCU. Each call opens its own association, bounded by the options' timeouts, and releases it.
/// Blocking: call it from a worker thread, never the UI thread. Not copyable; one call at a time per client.
/// Every failure (connect, rejection, abort, timeout, a failed status, a file it cannot write) throws
/// Error(ErrorCode::Network, describePeer(peer), cause) with a one-clause cause; never a patient identifier.
class DicomClient {
public:
    DicomClient(Peer peer, ClientOptions options, std::shared_ptr<CancelToken> cancel = nullptr);
    ~DicomClient();
    DicomClient(const DicomClient&) = delete;
    DicomClient& operator=(const DicomClient&) = delete;

    const Peer& peer() const;

    /// C-ECHO (Verification).
    void echo();

    /// C-FIND at study level.
    std::vector<StudyRecord> findStudies(const StudyQuery& query);
    /// C-FIND at series level within one study.
    std::vector<SeriesRecord> findSeries(const std::string& studyInstanceUid);

    /// C-GET of a study: the peer sends every instance on this association; each lands in `outDir` (made
    /// owner-only when missing) under a name this client makes, written to a temporary file and renamed
    /// only once complete. `progress` is called after each response, on the calling thread.
    RetrieveResult getStudy(const std::string& studyInstanceUid, const std::string& outDir,
                            const std::function<void(const RetrieveProgress&)>& progress = {});

    /// C-MOVE of a study to the AE title `destinationAeTitle` (which the peer must know, e.g. this
    /// workstation's own StorageListener). Returns when the peer's final response arrives.
    RetrieveProgress moveStudy(const std::string& studyInstanceUid, const std::string& destinationAeTitle,
                               const std::function<void(const RetrieveProgress&)>& progress = {});

    /// C-STORE of DICOM files, one association for all; fails on the first file the peer does not accept.
    void store(const std::vector<std::string>& files);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace boneage::pacs
