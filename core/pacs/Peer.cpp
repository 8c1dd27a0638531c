#include "pacs/Peer.h"

#include "common/Error.h"

#include <algorithm>

namespace boneage::pacs {

bool isValidAeTitle(const std::string& title) {
    if (title.empty() || title.size() > 16)
        return false;
    if (std::all_of(title.begin(), title.end(), [](char c) { return c == ' '; }))
        return false;
    return std::all_of(title.begin(), title.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '\\'; });
}

Peer parsePeer(const std::string& text) {
    const auto fail = [&text](const std::string& cause) { throw Error(ErrorCode::Usage, text, cause); };
    const std::size_t at = text.find('@');
    const std::size_t colon = text.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at)
        fail("a peer is written AET@HOST:PORT");
    Peer peer;
    peer.aeTitle = text.substr(0, at);
    peer.host = text.substr(at + 1, colon - at - 1);
    const std::string port = text.substr(colon + 1);
    if (!isValidAeTitle(peer.aeTitle))
        fail("the AE title must be 1 to 16 printable characters");
    if (peer.host.empty())
        fail("the host is missing");
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
        fail("the port must be a number from 1 to 65535");
    const long value = std::stol(port);
    if (value < 1 || value > 65535)
        fail("the port must be a number from 1 to 65535");
    peer.port = std::uint16_t(value);
    return peer;
}

std::string describePeer(const Peer& peer) {
    return peer.aeTitle + "@" + peer.host + ":" + std::to_string(peer.port);
}

Timeouts uniformTimeouts(int seconds) {
    return Timeouts{seconds, seconds, seconds};
}

}  // namespace boneage::pacs
