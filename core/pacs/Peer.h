#pragma once
// A DICOM peer (AE title, host, port) and the options of every association this workstation opens.

#include <cstdint>
#include <string>

namespace boneage::pacs {

/// A remote application entity: "AET@HOST:PORT".
struct Peer {
    std::string aeTitle;
    std::string host;
    std::uint16_t port = 104;
};

/// Parses "AET@HOST:PORT" (AE title 1..16 characters of printable ASCII without backslash, port 1..65535).
/// Throws Error(Usage, text, cause).
Peer parsePeer(const std::string& text);

/// "AET@HOST:PORT": the subject of every network error about this peer.
std::string describePeer(const Peer& peer);

/// Whether `title` is a valid AE title: 1..16 characters, printable ASCII, no backslash, not all spaces.
bool isValidAeTitle(const std::string& title);

/// Timeouts in seconds. connect: TCP connection; acse: association negotiation and release; dimse: the
/// wait for each message (a response, the next stored object) once associated.
struct Timeouts {
    int connectSeconds = 10;
    int acseSeconds = 30;
    int dimseSeconds = 30;
};

/// Sets all three to `seconds` (the CLI's --timeout).
Timeouts uniformTimeouts(int seconds);

/// What this workstation says about itself when it opens an association.
struct ClientOptions {
    std::string callingAeTitle = "BONEAGE";
    Timeouts timeouts;
};

}  // namespace boneage::pacs
