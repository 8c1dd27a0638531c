#pragma once
// Atomic file replacement: a file appears whole at its path or not at all. Every writer of the core that
// writes a file outside the case database (films, PNGs, overlays, CSVs, labels) goes through it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace boneage::imaging {

/// Calls `write(tempPath)` for a fresh temporary file in the directory of `path`, then renames it onto
/// `path`. If `write` throws or the rename fails, the temporary file is removed and nothing appears at
/// `path`. The file is owner-only (0600, common/PrivateFiles.h) whatever the umask; the folder is the
/// caller's. Throws Error(Storage) when the temporary file cannot be created or renamed; whatever `write`
/// throws passes through. Thread-safe (each call has its own temporary file).
void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);

/// writeAtomically for a byte buffer; throws Error(Storage) naming the cause (e.g. "No space left on
/// device").
void writeBytesAtomically(const std::string& path, const std::uint8_t* data, std::size_t size);

/// writeBytesAtomically for text.
void writeTextAtomically(const std::string& path, const std::string& text);

}  // namespace boneage::imaging
