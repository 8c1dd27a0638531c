// A raw-socket client sends the storage listener a few thousand malformed association and DIMSE PDUs
// (truncated, oversized lengths, wrong PDU types, garbage after a valid association request; DCMTK's SCP had
// crash bugs such as CVE-2024-34508/34509): the listener keeps serving, and no stored film is lost.
#include "PacsTestSupport.h"

#include "pacs/DicomClient.h"
#include "pacs/StorageListener.h"

#include "common/Error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

using namespace boneage;
using namespace boneage::pacs;

namespace {

using Bytes = std::vector<std::uint8_t>;

void be16(Bytes& b, std::size_t v) {
    b.push_back(std::uint8_t(v >> 8));
    b.push_back(std::uint8_t(v));
}
void be32(Bytes& b, std::size_t v) {
    be16(b, (v >> 16) & 0xFFFF);
    be16(b, v & 0xFFFF);
}
void item(Bytes& b, std::uint8_t type, const Bytes& content) {
    b.push_back(type);
    b.push_back(0);
    be16(b, content.size());
    b.insert(b.end(), content.begin(), content.end());
}
Bytes text(const char* s) {
    return Bytes(s, s + std::strlen(s));
}
Bytes aeTitle(const char* s) {
    Bytes b = text(s);
    b.resize(16, ' ');
    return b;
}

/// A well-formed A-ASSOCIATE-RQ (PS3.8 9.3.2) to BONEAGE proposing Verification.
Bytes associateRequest() {
    Bytes body;
    be16(body, 1);  // protocol version
    be16(body, 0);
    const Bytes called = aeTitle("BONEAGE"), calling = aeTitle("FUZZER");
    body.insert(body.end(), called.begin(), called.end());
    body.insert(body.end(), calling.begin(), calling.end());
    body.resize(body.size() + 32, 0);
    item(body, 0x10, text("1.2.840.10008.3.1.1.1"));
    Bytes context{1, 0, 0, 0};
    item(context, 0x30, text("1.2.840.10008.1.1"));
    item(context, 0x40, text("1.2.840.10008.1.2"));
    item(body, 0x20, context);
    Bytes user;
    Bytes maxLength;
    be32(maxLength, 16384);
    item(user, 0x51, maxLength);
    item(body, 0x50, user);
    Bytes pdu{0x01, 0};
    be32(pdu, body.size());
    pdu.insert(pdu.end(), body.begin(), body.end());
    return pdu;
}

/// A P-DATA-TF PDU with one PDV of `payload` (a command fragment when `command`).
Bytes pdata(const Bytes& payload, bool command, std::size_t declaredPdv = 0) {
    Bytes pdv;
    be32(pdv, declaredPdv ? declaredPdv : payload.size() + 2);
    pdv.push_back(1);                      // presentation context id
    pdv.push_back(command ? 0x03 : 0x02);  // last fragment, command or data
    pdv.insert(pdv.end(), payload.begin(), payload.end());
    Bytes pdu{0x04, 0};
    be32(pdu, pdv.size());
    pdu.insert(pdu.end(), pdv.begin(), pdv.end());
    return pdu;
}

/// The i-th malformed input: a mutation chosen by i, its details by the generator.
Bytes malformed(int i, std::mt19937& random) {
    const Bytes rq = associateRequest();
    Bytes b;
    switch (i % 8) {
        case 0:  // truncated association request
            b.assign(rq.begin(), rq.begin() + std::ptrdiff_t(random() % rq.size()));
            break;
        case 1:  // oversized PDU length
            b = rq;
            b[2] = 0xFF, b[3] = 0xFF, b[4] = 0xFF, b[5] = std::uint8_t(random());
            break;
        case 2:  // wrong PDU type
            b = rq;
            b[0] = std::uint8_t(random() % 2 ? 0x00 : 0x08 + random() % 0xF0);
            break;
        case 3:  // an item length that overruns the PDU
            b = rq;
            b[74 + random() % 8] = 0xFF;
            break;
        case 4:  // random bytes flipped in the request
            b = rq;
            for (int k = 0; k < 6; ++k)
                b[random() % b.size()] = std::uint8_t(random());
            break;
        case 5: {  // a valid request, then a command PDV of garbage
            b = rq;
            Bytes garbage(random() % 200);
            for (auto& v : garbage)
                v = std::uint8_t(random());
            const Bytes p = pdata(garbage, true);
            b.insert(b.end(), p.begin(), p.end());
            break;
        }
        case 6: {  // a valid request, then a PDV whose length exceeds its PDU
            b = rq;
            const Bytes p = pdata(Bytes(16, 0), true, 0x7FFFFFF0);
            b.insert(b.end(), p.begin(), p.end());
            break;
        }
        default: {  // a valid request, then a data PDV before any command, then random bytes
            b = rq;
            const Bytes p = pdata(Bytes(64, 0xFE), false);
            b.insert(b.end(), p.begin(), p.end());
            for (int k = 0; k < 32; ++k)
                b.push_back(std::uint8_t(random()));
            break;
        }
    }
    return b;
}

/// Sends `bytes`, closes the sending side and waits for the listener's first word on it (an answer, an
/// abort, or the connection closed), so inputs arrive one at a time. False when the connection fails or the
/// listener says nothing for `seconds`.
bool sendAndDrain(std::uint16_t port, const Bytes& bytes, int seconds) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (ok && !bytes.empty())
        ok = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) >= 0 || errno == ECONNRESET;
    if (ok) {
        ::shutdown(fd, SHUT_WR);
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        ok = n >= 0 || errno == ECONNRESET;  // a timeout (EAGAIN) means the listener hung on it
    }
    ::close(fd);
    return ok;
}

}  // namespace

class TestListenerPduFuzz : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void malformedPdus_ShouldNeitherStopTheListenerNorLoseAFilm() {
        QTemporaryDir dir;
        ListenerOptions options;
        options.port = 0;
        options.storageDirectory = dir.filePath("in").toStdString();
        options.timeouts = uniformTimeouts(5);
        StorageListener listener(options, nullptr);
        listener.start();
        ClientOptions client;
        client.timeouts = uniformTimeouts(10);
        const Peer peer = parsePeer("BONEAGE@127.0.0.1:" + std::to_string(listener.port()));
        const QString films = dir.filePath("films");
        QDir().mkpath(films);
        const auto before =
            testing::writeTestFilm(films, "before.dcm", "Fuzz^A", "FUZZ", "20240101", "2.25.91", 1);
        DicomClient(peer, client).store({before.path});

        std::mt19937 random(20240601);
        const int kInputs = qEnvironmentVariableIntValue("BONEAGE_FUZZ_INPUTS") > 0
                                ? qEnvironmentVariableIntValue("BONEAGE_FUZZ_INPUTS")
                                : 3000;
        for (int i = 0; i < kInputs; ++i) {
            QElapsedTimer t;
            t.start();
            QVERIFY2(sendAndDrain(listener.port(), malformed(i, random), 10),
                     qPrintable(QString("the listener failed or hung on input %1").arg(i)));
            if (qEnvironmentVariableIsSet("BONEAGE_FUZZ_TRACE"))
                qInfo("input %d case %d: %lld ms", i, i % 8, t.elapsed());
            if (i % 500 == 499) {  // it answers all along (once the flood's associations have ended)
                QTRY_COMPARE_WITH_TIMEOUT(listener.activeAssociations(), 0, 60000);
                try {
                    DicomClient(peer, client).echo();
                } catch (const Error& e) {
                    QFAIL(qPrintable(QString("after input %1: %2").arg(i + 1).arg(e.what())));
                }
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(listener.activeAssociations(), 0, 60000);
        const auto after =
            testing::writeTestFilm(films, "after.dcm", "Fuzz^B", "FUZZ", "20240101", "2.25.92", 2);
        DicomClient(peer, client).store({after.path});
        QCOMPARE(listener.storedCount(), std::uint64_t(2));
        const QStringList stored = QDir(dir.filePath("in")).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(stored.size(), 2);  // both films, nothing half-written
        QVERIFY(listener.associationCount() >= 6);
        qInfo("%d malformed inputs; %llu associations served", kInputs,
              static_cast<unsigned long long>(listener.associationCount()));
    }
};

QTEST_GUILESS_MAIN(TestListenerPduFuzz)
#include "TestListenerPduFuzz.moc"
