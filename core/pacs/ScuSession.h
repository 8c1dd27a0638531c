#pragma once
// Internal to boneage_pacs: one association as an SCU (DCMTK's DcmSCU with its storage and response
// handlers replaced: received objects go through IncomingFolder, responses are collected as values, a
// cancel token is honoured between messages and can shut the connection down while waiting).

#include "pacs/DcmtkNetwork.h"
#include "pacs/DicomClient.h"
#include "pacs/IncomingFolder.h"

#include "common/Error.h"

#include <dcmtk/dcmnet/scu.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace boneage::pacs::detail {

struct PresentationContext {
    std::string abstractSyntax;
    std::vector<std::string> transferSyntaxes;
    T_ASC_SC_ROLE role = ASC_SC_ROLE_DEFAULT;
};

class ScuSession : public DcmSCU {
public:
    ScuSession(const Peer& peer, const ClientOptions& options, CancelToken* cancel);
    ~ScuSession() override;

    /// Negotiates an association with these contexts. Throws Error(Network).
    void open(const std::vector<PresentationContext>& contexts);
    /// Releases the association (aborts it after a failure or a cancel). Never throws.
    void close(bool abort = false) noexcept;

    /// The presentation context accepted for `abstractSyntax`. Throws Error(Network) when none was.
    T_ASC_PresentationContextID contextFor(const std::string& abstractSyntax);

    /// Throws Error(Network, peer, "cancelled") when the token is set; otherwise the condition's sentence
    /// when it is bad.
    void check(const OFCondition& condition);
    [[noreturn]] void fail(const std::string& cause);
    bool cancelled() const { return m_cancel && m_cancel->cancelled(); }

    // What the overridden handlers collected.
    std::vector<DcmDataset> findResults;
    std::optional<RetrieveProgress> lastProgress;
    std::optional<unsigned> finalStatus;
    std::vector<std::string> storedFiles;
    std::function<void(const RetrieveProgress&)> onProgress;
    IncomingFolder* incoming = nullptr;  ///< where C-GET sub-operations land
    std::optional<Error> storageError;   ///< the first received object that could not be written

protected:
    OFCondition handleFINDResponse(T_ASC_PresentationContextID presID, QRResponse* response,
                                   OFBool& waitForNextResponse) override;
    OFCondition handleMOVEResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& waitForNextResponse) override;
    OFCondition handleCGETResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& continueCGETSession) override;
    OFCondition handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString& filename,
                                       T_DIMSE_C_StoreRQ* request) override;

private:
    void retrieveResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response, OFBool& more);
    Peer m_peer;
    ClientOptions m_options;
    CancelToken* m_cancel;
    InterruptibleTransport m_transport;
};

}  // namespace boneage::pacs::detail
