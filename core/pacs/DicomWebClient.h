#pragma once
// The workstation as a DICOMweb client (PS3.18): QIDO-RS search, WADO-RS retrieve and STOW-RS store, over
// HTTP, with the same timeouts, cancellation and error sentences as DicomClient.

#include "pacs/DicomClient.h"

#include <memory>
#include <string>
#include <vector>

namespace boneage::pacs {

/// One DICOMweb service root, e.g. "http://pacs:8042/dicom-web". Blocking, like DicomClient: call it from
/// a worker thread (a QCoreApplication must exist). Every failure (connect, timeout, an HTTP error, a
/// malformed answer, a file it cannot write) throws Error(ErrorCode::Network, root, cause).
class DicomWebClient {
public:
    DicomWebClient(std::string serviceRoot, Timeouts timeouts, std::shared_ptr<CancelToken> cancel = nullptr);
    ~DicomWebClient();
    DicomWebClient(const DicomWebClient&) = delete;
    DicomWebClient& operator=(const DicomWebClient&) = delete;

    /// QIDO-RS: GET {root}/studies with the query's keys as attribute matches.
    std::vector<StudyRecord> searchStudies(const StudyQuery& query);
    /// WADO-RS: GET {root}/studies/{uid} as multipart/related application/dicom; each part is streamed to
    /// a temporary owner-only file in `outDir` and renamed to a name this client makes once complete. A
    /// failed retrieve leaves none of the study's files.
    RetrieveResult retrieveStudy(const std::string& studyInstanceUid, const std::string& outDir);
    /// STOW-RS: POST {root}/studies with every file as one multipart/related request.
    void store(const std::vector<std::string>& files);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace boneage::pacs
