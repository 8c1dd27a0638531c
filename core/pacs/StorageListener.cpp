// The accept loop: one listener thread receives association requests (bounded by the ACSE timeout), each
// accepted one runs on its own worker thread; stop() shuts every open connection down.
#include "pacs/StorageListener.h"

#include "pacs/DcmtkNetwork.h"
#include "pacs/StorageScp.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/scpcfg.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <list>
#include <mutex>
#include <thread>

namespace boneage::pacs {

using detail::ListenerContext;
using detail::StorageScp;

struct StorageListener::Impl {
    explicit Impl(ListenerOptions o, std::function<void(const ReceivedObject&)> onStored)
        : context{o, detail::IncomingFolder(o.storageDirectory), std::move(onStored)} {}

    struct Worker {
        std::thread thread;
        int socket = -1;  // a duplicate, for stop() to shut down
        std::atomic<bool> done{false};
    };

    ListenerContext context;
    DcmSharedSCPConfig config;
    T_ASC_Network* network = nullptr;
    detail::InterruptibleTransport transport;  // its sockets: for stop() and the size limit
    std::uint16_t port = 0;
    std::thread listener;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> associations{0};
    mutable std::mutex mutex;
    std::list<Worker> workers;

    std::string subject() const { return context.options.aeTitle + "@*:" + std::to_string(port); }

    void reapFinished() {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = workers.begin(); it != workers.end();) {
            if (it->done) {
                it->thread.join();
                ::close(it->socket);
                it = workers.erase(it);
            } else {
                ++it;
            }
        }
    }

    void serve(T_ASC_Association* assoc) {
        const int socket = transport.releaseSocket();
        reapFinished();  // those that ended while the loop waited for this one no longer count
        std::lock_guard<std::mutex> lock(mutex);
        if (socket < 0 || int(workers.size()) >= context.options.maxAssociations || stopping) {
            T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDTRANSIENT,
                                          ASC_SOURCE_SERVICEPROVIDER_PRESENTATION_RELATED,
                                          ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED};
            ASC_rejectAssociation(assoc, &reject);
            ASC_dropSCPAssociation(assoc);
            ASC_destroyAssociation(&assoc);
            if (socket >= 0)
                ::close(socket);
            return;
        }
        ++associations;
        workers.emplace_back();
        Worker& worker = workers.back();
        worker.socket = socket;
        worker.thread = std::thread([this, assoc, &worker] {
            {
                StorageScp scp(context, worker.socket);
                scp.setSharedConfig(config);
                scp.run(assoc);  // the SCP drops and frees the association when it goes
            }
            worker.done = true;
        });
    }

    void loop() {
        while (!stopping) {
            reapFinished();
            if (!ASC_associationWaiting(network, 1))
                continue;
            T_ASC_Association* assoc = nullptr;
            const OFCondition cond =
                ASC_receiveAssociation(network, &assoc, ASC_DEFAULTMAXPDU, nullptr, nullptr,
                                       OFTrue /* through `transport` */, DUL_NOBLOCK, 1);
            if (cond.bad()) {  // a malformed or abandoned request: only that connection ends
                const int socket = transport.releaseSocket();
                if (socket >= 0)
                    ::close(socket);
                if (assoc) {
                    ASC_dropSCPAssociation(assoc);
                    ASC_destroyAssociation(&assoc);
                }
                continue;
            }
            serve(assoc);
        }
    }
};

StorageListener::StorageListener(ListenerOptions options, std::function<void(const ReceivedObject&)> onStored)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(onStored))) {
    if (!isValidAeTitle(m_impl->context.options.aeTitle))
        throw Error(ErrorCode::Usage, m_impl->context.options.aeTitle, "not a valid AE title");
}

StorageListener::~StorageListener() {
    stop();
}

void StorageListener::start() {
    if (running())
        return;
    detail::ensureDcmtkNetworkReady();
    const ListenerOptions& o = m_impl->context.options;
    m_impl->port = o.port;
    DcmSCPConfig cfg;
    cfg.setAETitle(o.aeTitle.c_str());
    cfg.setACSETimeout(Uint32(o.timeouts.acseSeconds));
    cfg.setDIMSETimeout(Uint32(o.timeouts.dimseSeconds));
    cfg.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    cfg.setProgressNotificationMode(OFTrue);
    cfg.setRespondWithCalledAETitle(OFFalse);
    cfg.setHostLookupEnabled(OFFalse);
    OFList<OFString> syntaxes;
    for (const std::string& ts : detail::transferSyntaxes())
        syntaxes.push_back(ts.c_str());
    cfg.addPresentationContext(UID_VerificationSOPClass, syntaxes);
    for (const std::string& sop : detail::storageSopClasses())
        cfg.addPresentationContext(sop.c_str(), syntaxes);
    m_impl->config = DcmSharedSCPConfig(cfg);

    T_ASC_Network* network = nullptr;
    const OFCondition cond =
        ASC_initializeNetwork(NET_ACCEPTOR, int(o.port), o.timeouts.acseSeconds, &network);
    if (cond.bad()) {
        const std::string text = cond.text();
        throw Error(ErrorCode::Network, m_impl->subject(),
                    text.find("in use") != std::string::npos ? "the port is already in use"
                                                             : "cannot listen on the port: " + text);
    }
    m_impl->network = network;
    ASC_setTransportLayer(network, &m_impl->transport, 0);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(DUL_networkSocket(network->network), reinterpret_cast<sockaddr*>(&address), &length) ==
        0)
        m_impl->port = ntohs(address.sin_port);
    m_impl->stopping = false;
    m_impl->listener = std::thread([this] { m_impl->loop(); });
}

void StorageListener::stop() {
    if (!m_impl->listener.joinable())
        return;
    m_impl->stopping = true;
    m_impl->listener.join();
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        for (auto& worker : m_impl->workers)
            ::shutdown(worker.socket, SHUT_RDWR);
    }
    for (auto& worker : m_impl->workers) {
        worker.thread.join();
        ::close(worker.socket);
    }
    m_impl->workers.clear();
    ASC_dropNetwork(&m_impl->network);
}

bool StorageListener::running() const {
    return m_impl->listener.joinable();
}

std::uint16_t StorageListener::port() const {
    return m_impl->port;
}

std::uint64_t StorageListener::storedCount() const {
    return m_impl->context.stored;
}

int StorageListener::activeAssociations() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    int active = 0;
    for (const auto& worker : m_impl->workers)
        active += worker.done ? 0 : 1;
    return active;
}

std::uint64_t StorageListener::associationCount() const {
    return m_impl->associations;
}

}  // namespace boneage::pacs
