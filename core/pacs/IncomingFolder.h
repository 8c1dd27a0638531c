#pragma once
// Internal to boneage_pacs: where received objects land. Every name is made here (never from a UID or any
// other received text: DCMTK's own storage classes built paths from UIDs, CVE-2022-2119/2120); an object is
// written to a temporary file and appears under its final name only when complete.

#include <atomic>
#include <string>

namespace boneage::pacs::detail {

class IncomingFolder {
public:
    /// Creates `directory` (owner-only, 0700) when missing. Throws Error(Storage, directory, cause).
    explicit IncomingFolder(std::string directory);

    const std::string& directory() const { return m_directory; }

    /// A new, empty, owner-only (0600) temporary file ".incoming-<unique>.part". Throws Error(Storage).
    std::string createPart();
    /// Flushes the part to disk and gives it its final name "film-<unique>.dcm" (never replacing a file).
    /// Returns the final path. Throws Error(Storage) and removes the part on failure.
    std::string commit(const std::string& part);
    /// Removes a part (a transfer that failed). Never throws.
    static void discard(const std::string& part) noexcept;

private:
    std::string uniqueName();
    std::string m_directory;
    std::atomic<unsigned> m_counter{0};
};

}  // namespace boneage::pacs::detail
