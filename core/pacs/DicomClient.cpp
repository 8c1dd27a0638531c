#include "pacs/DicomClient.h"

#include "pacs/ScuSession.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>

#include <set>

namespace boneage::pacs {

using detail::PresentationContext;
using detail::ScuSession;

void CancelToken::cancel() {
    m_cancelled = true;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_interrupt)
        m_interrupt();
}

void CancelToken::setInterrupt(std::function<void()> interrupt) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_interrupt = std::move(interrupt);
}

struct DicomClient::Impl {
    Peer peer;
    ClientOptions options;
    std::shared_ptr<CancelToken> cancel;
};

namespace {

std::string get(DcmDataset& ds, const DcmTagKey& tag) {
    OFString value;
    if (ds.findAndGetOFStringArray(tag, value).bad())
        return {};
    std::string text = value.c_str();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.pop_back();
    return text;
}

std::optional<int> getInt(DcmDataset& ds, const DcmTagKey& tag) {
    const std::string text = get(ds, tag);
    if (text.empty())
        return std::nullopt;
    try {
        return std::stoi(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\\', start);
        const std::string part =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty())
            parts.push_back(part);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return parts;
}

PresentationContext uncompressed(const char* sopClass) {
    return {sopClass,
            {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax},
            ASC_SC_ROLE_DEFAULT};
}

bool isSuccess(unsigned status) {
    return status == STATUS_Success;
}
bool isWarning(unsigned status) {
    return (status & 0xF000u) == 0xB000u;
}

void put(DcmDataset& ds, const DcmTagKey& tag, const std::string& value) {
    ds.putAndInsertString(tag, value.c_str());
}

}  // namespace

DicomClient::DicomClient(Peer peer, ClientOptions options, std::shared_ptr<CancelToken> cancel)
    : m_impl(std::make_unique<Impl>(Impl{std::move(peer), std::move(options), std::move(cancel)})) {}

DicomClient::~DicomClient() = default;

const Peer& DicomClient::peer() const {
    return m_impl->peer;
}

void DicomClient::echo() {
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    session.open({uncompressed(UID_VerificationSOPClass)});
    session.check(session.sendECHORequest(session.contextFor(UID_VerificationSOPClass)));
    session.close();
}

std::vector<StudyRecord> DicomClient::findStudies(const StudyQuery& query) {
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    const char* model = UID_FINDStudyRootQueryRetrieveInformationModel;
    session.open({uncompressed(model)});
    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, "STUDY");
    put(keys, DCM_PatientName, query.patientName);
    put(keys, DCM_PatientID, query.patientId);
    const std::string range = query.studyDateFrom.empty() && query.studyDateTo.empty()
                                  ? std::string()
                                  : query.studyDateFrom + "-" + query.studyDateTo;
    put(keys, DCM_StudyDate, range);
    put(keys, DCM_ModalitiesInStudy, query.modality);
    put(keys, DCM_AccessionNumber, query.accessionNumber);
    put(keys, DCM_StudyInstanceUID, query.studyInstanceUid);
    put(keys, DCM_StudyDescription, "");
    put(keys, DCM_NumberOfStudyRelatedInstances, "");
    session.check(session.sendFINDRequest(session.contextFor(model), &keys, nullptr));
    if (session.finalStatus && !isSuccess(*session.finalStatus))
        session.fail("C-FIND ended with " + detail::statusText(*session.finalStatus));
    std::vector<StudyRecord> studies;
    for (DcmDataset& ds : session.findResults) {
        StudyRecord s;
        s.patientId = get(ds, DCM_PatientID);
        s.patientName = get(ds, DCM_PatientName);
        s.studyDate = get(ds, DCM_StudyDate);
        s.studyInstanceUid = get(ds, DCM_StudyInstanceUID);
        s.accessionNumber = get(ds, DCM_AccessionNumber);
        s.studyDescription = get(ds, DCM_StudyDescription);
        s.modalities = split(get(ds, DCM_ModalitiesInStudy));
        s.numberOfInstances = getInt(ds, DCM_NumberOfStudyRelatedInstances);
        studies.push_back(std::move(s));
    }
    session.close();
    return studies;
}

std::vector<SeriesRecord> DicomClient::findSeries(const std::string& studyInstanceUid) {
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    const char* model = UID_FINDStudyRootQueryRetrieveInformationModel;
    session.open({uncompressed(model)});
    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, "SERIES");
    put(keys, DCM_StudyInstanceUID, studyInstanceUid);
    put(keys, DCM_SeriesInstanceUID, "");
    put(keys, DCM_Modality, "");
    put(keys, DCM_BodyPartExamined, "");
    put(keys, DCM_SeriesDescription, "");
    put(keys, DCM_SeriesNumber, "");
    put(keys, DCM_NumberOfSeriesRelatedInstances, "");
    session.check(session.sendFINDRequest(session.contextFor(model), &keys, nullptr));
    if (session.finalStatus && !isSuccess(*session.finalStatus))
        session.fail("C-FIND ended with " + detail::statusText(*session.finalStatus));
    std::vector<SeriesRecord> series;
    for (DcmDataset& ds : session.findResults) {
        SeriesRecord s;
        s.seriesInstanceUid = get(ds, DCM_SeriesInstanceUID);
        s.modality = get(ds, DCM_Modality);
        s.bodyPart = get(ds, DCM_BodyPartExamined);
        s.seriesDescription = get(ds, DCM_SeriesDescription);
        s.seriesNumber = getInt(ds, DCM_SeriesNumber);
        s.numberOfInstances = getInt(ds, DCM_NumberOfSeriesRelatedInstances);
        series.push_back(std::move(s));
    }
    session.close();
    return series;
}

RetrieveResult DicomClient::getStudy(const std::string& studyInstanceUid, const std::string& outDir,
                                     const std::function<void(const RetrieveProgress&)>& progress) {
    detail::IncomingFolder folder(outDir);
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    session.incoming = &folder;
    session.onProgress = progress;
    const char* model = UID_GETStudyRootQueryRetrieveInformationModel;
    std::vector<PresentationContext> contexts{uncompressed(model)};
    for (const std::string& sop : detail::storageSopClasses())
        contexts.push_back({sop, detail::transferSyntaxes(), ASC_SC_ROLE_SCP});
    session.open(contexts);
    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, "STUDY");
    put(keys, DCM_StudyInstanceUID, studyInstanceUid);
    const OFCondition cond = session.sendCGETRequest(session.contextFor(model), &keys, nullptr);
    RetrieveResult result;
    result.files = session.storedFiles;
    const auto discardAll = [&result] {
        for (const std::string& f : result.files)
            detail::IncomingFolder::discard(f);
    };
    if (session.storageError) {
        discardAll();
        throw *session.storageError;
    }
    if (cond.bad() || session.cancelled()) {
        discardAll();  // a partial study is no study: nothing of it stays
        session.check(cond);
        session.fail("cancelled");
    }
    result.final = session.lastProgress.value_or(RetrieveProgress{});
    const unsigned status = session.finalStatus.value_or(STATUS_Success);
    if (!isSuccess(status) && !isWarning(status)) {
        discardAll();
        session.fail("C-GET ended with " + detail::statusText(status));
    }
    result.final.completed = int(result.files.size());
    session.close();
    return result;
}

RetrieveProgress DicomClient::moveStudy(const std::string& studyInstanceUid,
                                        const std::string& destinationAeTitle,
                                        const std::function<void(const RetrieveProgress&)>& progress) {
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    session.onProgress = progress;
    const char* model = UID_MOVEStudyRootQueryRetrieveInformationModel;
    session.open({uncompressed(model)});
    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, "STUDY");
    put(keys, DCM_StudyInstanceUID, studyInstanceUid);
    session.check(
        session.sendMOVERequest(session.contextFor(model), destinationAeTitle.c_str(), &keys, nullptr));
    if (session.cancelled())
        session.fail("cancelled");
    const unsigned status = session.finalStatus.value_or(STATUS_Success);
    if (status == 0xA801)
        session.fail("the peer does not know the move destination " + destinationAeTitle);
    if (!isSuccess(status) && !isWarning(status))
        session.fail("C-MOVE ended with " + detail::statusText(status));
    session.close();
    return session.lastProgress.value_or(RetrieveProgress{});
}

void DicomClient::store(const std::vector<std::string>& files) {
    ScuSession session(m_impl->peer, m_impl->options, m_impl->cancel.get());
    std::set<std::pair<std::string, std::string>> wanted;  // SOP class, transfer syntax
    for (const std::string& file : files) {
        DcmFileFormat ff;
        if (ff.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_metaOnly).bad())
            throw Error(ErrorCode::BadInput, file, "not a DICOM file with a meta header");
        OFString sop, ts;
        ff.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sop);
        ff.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, ts);
        if (sop.empty() || ts.empty())
            throw Error(ErrorCode::BadInput, file, "its meta header names no SOP class or transfer syntax");
        wanted.insert({sop.c_str(), ts.c_str()});
    }
    std::vector<PresentationContext> contexts;
    for (const auto& [sop, ts] : wanted) {
        contexts.push_back({sop, {ts}, ASC_SC_ROLE_DEFAULT});
        if (ts != UID_LittleEndianExplicitTransferSyntax)
            contexts.push_back({sop, {UID_LittleEndianExplicitTransferSyntax}, ASC_SC_ROLE_DEFAULT});
    }
    session.open(contexts);
    for (const std::string& file : files) {
        Uint16 status = 0;
        session.check(session.sendSTORERequest(0, file.c_str(), nullptr, status));
        if (!isSuccess(status) && !isWarning(status))
            session.fail("C-STORE of " + file + " ended with " + detail::statusText(status));
    }
    session.close();
}

}  // namespace boneage::pacs
