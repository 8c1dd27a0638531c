#pragma once
// Internal to boneage_pacs: one association of the storage listener (DCMTK's DcmThreadSCP with its own
// called-AE check, C-STORE into IncomingFolder, and a size limit).

#include "pacs/IncomingFolder.h"
#include "pacs/StorageListener.h"

#include <dcmtk/dcmnet/scpthrd.h>

#include <atomic>
#include <functional>

namespace boneage::pacs::detail {

/// What every association of one listener shares.
struct ListenerContext {
    ListenerOptions options;
    IncomingFolder folder;
    std::function<void(const ReceivedObject&)> onStored;
    std::atomic<std::uint64_t> stored{0};
};

class StorageScp : public DcmThreadSCP {
public:
    /// `socket` is a duplicate of the association's socket, shut down when an object grows too large.
    StorageScp(ListenerContext& context, int socket);

protected:
    /// 3.6.7's DcmSCP accepts any called AE title; this one answers only to its own.
    OFBool checkCalledAETitleAccepted(const OFString& calledAETitle) override;
    OFCondition handleIncomingCommand(T_DIMSE_Message* message,
                                      const DcmPresentationContextInfo& info) override;
    void notifyRECEIVEProgress(const unsigned long byteCount) override;

private:
    ListenerContext& m_context;
    int m_socket;
    bool m_tooLarge = false;
};

}  // namespace boneage::pacs::detail
