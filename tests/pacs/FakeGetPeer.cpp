#include "FakeGetPeer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dcmlayer.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/dimse.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace boneage::pacs::testing {

namespace {

/// Plain TCP, remembering the accepted connection's socket so that the peer can end it mid-object.
class CapturingTransport : public DcmTransportLayer {
public:
    DcmTransportConnection* createConnection(DcmNativeSocketType openSocket, OFBool) override {
        socket = int(openSocket);
        return new DcmTCPConnection(openSocket);
    }
    std::atomic<int> socket{-1};
};

}  // namespace

struct FakeGetPeer::Impl {
    std::vector<SubOperation> subOperations;
    Ending ending = Ending::Complete;
    Study study;
    T_ASC_Network* network = nullptr;
    CapturingTransport transport;
    std::uint16_t port = 0;
    std::thread thread;
    std::atomic<bool> stopping{false};
    bool cut =
        false;  // the last object of the current C-GET was cut off (set from DIMSE's progress callback)

    std::mutex mutex;
    std::condition_variable getEnded;
    std::optional<int> sentWhole;  // of the last C-GET association, once it ended

    static void onProgress(void* data, T_DIMSE_StoreProgress* progress, T_DIMSE_C_StoreRQ*) {
        auto* self = static_cast<Impl*>(data);
        // Cut after a few P-DATA PDUs: well inside the object (these are 512 KiB), whatever DCMTK guesses its
        // total to be.
        if (self->cut || progress->state != DIMSE_StoreProgressing || progress->progressBytes < 64 * 1024)
            return;
        self->cut = true;
        const int fd = self->transport.socket;
        if (self->ending == Ending::AbortMidObject) {
            // A-ABORT (PS3.8 9.3.8): type 7, length 4, source 0 (service user), reason 0; the callback runs
            // between two P-DATA PDUs, so the abort arrives at a PDU boundary.
            const unsigned char abort[] = {0x07, 0, 0, 0, 0, 4, 0, 0, 0, 0};
            [[maybe_unused]] const ssize_t n = ::send(fd, abort, sizeof abort, MSG_NOSIGNAL);
        }
        ::shutdown(fd, SHUT_RDWR);  // the rest of the object never arrives
    }

    static void acceptContexts(T_ASC_Association* assoc) {
        T_ASC_Parameters* params = assoc->params;
        for (int i = 0; i < ASC_countPresentationContexts(params); ++i) {
            T_ASC_PresentationContext pc;
            ASC_getPresentationContext(params, i, &pc);
            bool explicitLe = false;
            for (int t = 0; t < pc.transferSyntaxCount; ++t)
                explicitLe = explicitLe || std::strcmp(pc.proposedTransferSyntaxes[t],
                                                       UID_LittleEndianExplicitTransferSyntax) == 0;
            const char* ts =
                explicitLe ? UID_LittleEndianExplicitTransferSyntax : pc.proposedTransferSyntaxes[0];
            // The storage classes of a C-GET are proposed with the requestor as their SCP.
            ASC_acceptPresentationContext(
                params, pc.presentationContextID, ts,
                pc.proposedRole == ASC_SC_ROLE_SCP ? ASC_SC_ROLE_SCP : ASC_SC_ROLE_DEFAULT);
        }
    }

    /// Receives the next command, waiting in short steps so that a stop ends the wait.
    OFCondition receive(T_ASC_Association* assoc, T_ASC_PresentationContextID& presId,
                        T_DIMSE_Message& message) {
        for (int waited = 0; waited < 60 && !stopping; ++waited) {
            const OFCondition cond =
                DIMSE_receiveCommand(assoc, DIMSE_NONBLOCKING, 1, &presId, &message, nullptr);
            if (cond != DIMSE_NODATAAVAILABLE)
                return cond;
        }
        return DIMSE_NODATAAVAILABLE;
    }

    void answerFind(T_ASC_Association* assoc, T_ASC_PresentationContextID presId,
                    const T_DIMSE_C_FindRQ& request) {
        DcmDataset* keys = nullptr;
        if (DIMSE_receiveDataSetInMemory(assoc, DIMSE_NONBLOCKING, 30, &presId, &keys, nullptr, nullptr)
                .bad())
            return;
        delete keys;
        DcmDataset found;
        found.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
        found.putAndInsertString(DCM_PatientName, study.patientName.c_str());
        found.putAndInsertString(DCM_PatientID, study.patientId.c_str());
        found.putAndInsertString(DCM_StudyDate, study.studyDate.c_str());
        found.putAndInsertString(DCM_StudyInstanceUID, study.studyInstanceUid.c_str());
        found.putAndInsertString(DCM_ModalitiesInStudy, "CR");
        found.putAndInsertString(DCM_NumberOfStudyRelatedInstances,
                                 std::to_string(subOperations.size()).c_str());
        T_DIMSE_C_FindRSP response{};
        response.MessageIDBeingRespondedTo = request.MessageID;
        OFStandard::strlcpy(response.AffectedSOPClassUID, request.AffectedSOPClassUID,
                            sizeof response.AffectedSOPClassUID);
        response.opts = O_FIND_AFFECTEDSOPCLASSUID;
        response.DimseStatus = STATUS_Pending;
        response.DataSetType = DIMSE_DATASET_PRESENT;
        if (DIMSE_sendFindResponse(assoc, presId, &request, &response, &found, nullptr).bad())
            return;
        response.DimseStatus = STATUS_Success;
        response.DataSetType = DIMSE_DATASET_NULL;
        DIMSE_sendFindResponse(assoc, presId, &request, &response, nullptr, nullptr);
    }

    /// Returns the sub-operations sent whole.
    int answerGet(T_ASC_Association* assoc, T_ASC_PresentationContextID presId,
                  const T_DIMSE_C_GetRQ& request) {
        DcmDataset* identifier = nullptr;
        if (DIMSE_receiveDataSetInMemory(assoc, DIMSE_NONBLOCKING, 30, &presId, &identifier, nullptr, nullptr)
                .bad())
            return 0;
        delete identifier;
        if (ending == Ending::Silent) {
            T_DIMSE_Message next{};
            receive(assoc, presId, next);  // until the requestor gives up (or the test ends)
            return 0;
        }
        int whole = 0;
        cut = false;
        for (std::size_t i = 0; i < subOperations.size(); ++i) {
            DcmFileFormat file;
            if (file.loadFile(subOperations[i].file.c_str()).bad())
                return whole;
            OFString sopClass, sopInstance;
            file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
            file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, sopInstance);
            const std::string named = subOperations[i].commandSopInstanceUid.empty()
                                          ? std::string(sopInstance.c_str())
                                          : subOperations[i].commandSopInstanceUid;
            const T_ASC_PresentationContextID storeId =
                ASC_findAcceptedPresentationContextID(assoc, sopClass.c_str());
            if (storeId == 0)
                return whole;
            T_DIMSE_C_StoreRQ store{};
            store.MessageID = assoc->nextMsgID++;
            OFStandard::strlcpy(store.AffectedSOPClassUID, sopClass.c_str(),
                                sizeof store.AffectedSOPClassUID);
            OFStandard::strlcpy(store.AffectedSOPInstanceUID, named.c_str(),
                                sizeof store.AffectedSOPInstanceUID);
            store.DataSetType = DIMSE_DATASET_PRESENT;
            store.Priority = DIMSE_PRIORITY_MEDIUM;
            const bool cutThisOne = i + 1 == subOperations.size() && ending != Ending::Complete;
            T_DIMSE_C_StoreRSP stored{};
            DcmDataset* detail = nullptr;
            const OFCondition cond = DIMSE_storeUser(assoc, storeId, &store, nullptr, file.getDataset(),
                                                     cutThisOne ? &Impl::onProgress : nullptr, this,
                                                     DIMSE_NONBLOCKING, 30, &stored, &detail);
            delete detail;
            if (cond.bad() || cutThisOne)
                return whole;  // the connection is gone
            ++whole;
        }
        T_DIMSE_C_GetRSP response{};
        response.MessageIDBeingRespondedTo = request.MessageID;
        OFStandard::strlcpy(response.AffectedSOPClassUID, request.AffectedSOPClassUID,
                            sizeof response.AffectedSOPClassUID);
        response.DimseStatus = STATUS_Success;
        response.DataSetType = DIMSE_DATASET_NULL;
        response.NumberOfCompletedSubOperations = Uint16(whole);
        response.opts = O_GET_AFFECTEDSOPCLASSUID | O_GET_NUMBEROFCOMPLETEDSUBOPERATIONS |
                        O_GET_NUMBEROFFAILEDSUBOPERATIONS | O_GET_NUMBEROFWARNINGSUBOPERATIONS;
        DIMSE_sendGetResponse(assoc, presId, &request, &response, nullptr, nullptr);
        return whole;
    }

    void serve(T_ASC_Association* assoc) {
        std::optional<int> whole;
        while (!stopping) {
            T_ASC_PresentationContextID presId = 0;
            T_DIMSE_Message message{};
            const OFCondition cond = receive(assoc, presId, message);
            if (cond == DUL_PEERREQUESTEDRELEASE) {
                ASC_acknowledgeRelease(assoc);
                break;
            }
            if (cond.bad())
                break;
            if (message.CommandField == DIMSE_C_FIND_RQ) {
                answerFind(assoc, presId, message.msg.CFindRQ);
            } else if (message.CommandField == DIMSE_C_GET_RQ) {
                whole = answerGet(assoc, presId, message.msg.CGetRQ);
                if (cut || ending == Ending::Silent)
                    break;
            } else {
                break;
            }
        }
        if (whole) {
            std::lock_guard<std::mutex> lock(mutex);
            sentWhole = whole;
            getEnded.notify_all();
        }
    }

    void run() {
        while (!stopping) {
            if (!ASC_associationWaiting(network, 1))
                continue;
            T_ASC_Association* assoc = nullptr;
            if (ASC_receiveAssociation(network, &assoc, ASC_DEFAULTMAXPDU, nullptr, nullptr, OFTrue,
                                       DUL_NOBLOCK, 30)
                    .good()) {
                acceptContexts(assoc);
                if (ASC_acknowledgeAssociation(assoc).good())
                    serve(assoc);
            }
            if (assoc) {
                ASC_dropSCPAssociation(assoc);
                ASC_destroyAssociation(&assoc);
            }
        }
    }
};

FakeGetPeer::FakeGetPeer(std::vector<SubOperation> subOperations, Ending ending)
    : FakeGetPeer(std::move(subOperations), ending, Study{}) {}

FakeGetPeer::FakeGetPeer(std::vector<SubOperation> subOperations, Ending ending, Study study)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->subOperations = std::move(subOperations);
    m_impl->ending = ending;
    m_impl->study = std::move(study);
    if (ASC_initializeNetwork(NET_ACCEPTOR, 0, 30, &m_impl->network).bad())
        return;
    ASC_setTransportLayer(m_impl->network, &m_impl->transport, 0);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(DUL_networkSocket(m_impl->network->network), reinterpret_cast<sockaddr*>(&address),
                      &length) == 0)
        m_impl->port = ntohs(address.sin_port);
    m_impl->thread = std::thread([this] { m_impl->run(); });
}

FakeGetPeer::~FakeGetPeer() {
    m_impl->stopping = true;
    if (m_impl->thread.joinable())
        m_impl->thread.join();
    if (m_impl->network)
        ASC_dropNetwork(&m_impl->network);
}

std::uint16_t FakeGetPeer::port() const {
    return m_impl->port;
}

QString FakeGetPeer::peer() const {
    return QStringLiteral("%1@127.0.0.1:%2").arg(QLatin1String(kAeTitle)).arg(m_impl->port);
}

int FakeGetPeer::waitForGet() {
    std::unique_lock<std::mutex> lock(m_impl->mutex);
    m_impl->getEnded.wait_for(lock, std::chrono::seconds(60),
                              [this] { return m_impl->sentWhole.has_value(); });
    return m_impl->sentWhole.value_or(-1);
}

bool rewriteIdentity(const std::string& path, const QByteArray& sopInstanceUid,
                     const QByteArray& patientName) {
    DcmFileFormat ff;
    // Read all of it first: the file is written back over itself.
    if (ff.loadFile(path.c_str()).bad() || ff.loadAllDataIntoMemory().bad())
        return false;
    const OFString uid(sopInstanceUid.constData(), std::size_t(sopInstanceUid.size()));
    const OFString name(patientName.constData(), std::size_t(patientName.size()));
    return ff.getDataset()->putAndInsertOFStringArray(DCM_SOPInstanceUID, uid).good() &&
           ff.getDataset()->putAndInsertOFStringArray(DCM_PatientName, name).good() &&
           ff.getMetaInfo()->putAndInsertOFStringArray(DCM_MediaStorageSOPInstanceUID, uid).good() &&
           ff.saveFile(path.c_str(), EXS_LittleEndianExplicit).good();
}

}  // namespace boneage::pacs::testing
