#pragma once

// Owner-only files and folders for patient data: 0600 files in 0700 folders, whatever the umask.
//
// Every function sets the mode explicitly (mkdir/open, then chmod/fchmod), so a permissive umask (022, 000)
// changes nothing. There is deliberately no umask guard: the umask belongs to the whole process, and a guard
// on one thread would loosen or tighten files that other threads create at the same moment. For a library
// that opens its output itself (DCMTK, QPdfWriter, QFile), create the file first with createPrivateFile() (or
// write through imaging's AtomicFile, whose temporary file is made here): truncating and rewriting a file
// keeps its mode. For a QSaveFile, call restrictToOwner(file.handle(), ...) after open(): its temporary file
// otherwise gets 0666 minus the umask.
//
// POSIX; standard library only. Failures throw boneage::Error(ErrorCode::Storage, <path>, <cause>).

#include <string>

namespace boneage {

/// Mode bits of owner-only files and folders.
constexpr unsigned kPrivateFileMode = 0600;
constexpr unsigned kPrivateDirMode = 0700;

/// Creates `path` and every missing parent folder with mode 0700. Folders that already exist keep their mode
/// (a user-chosen parent such as /tmp or $HOME is not ours to change). Throws when a component cannot be
/// created or exists and is not a folder.
void createPrivateDirectories(const std::string& path);

/// createPrivateDirectories(), then sets `path` itself to 0700 even when it already existed: for folders the
/// program owns (a backups folder, an application data folder).
void ensurePrivateDirectory(const std::string& path);

/// Opens `path` with open(2) `flags` plus O_CREAT and O_CLOEXEC. A new file is created 0600; an existing one
/// is set to 0600 too (through the descriptor, so a file swapped in between is not the one changed). Returns
/// the descriptor; the caller closes it.
int openPrivateFile(const std::string& path, int flags);

/// Creates `path` as an empty 0600 file if it does not exist, or sets an existing one to 0600. The folder
/// must exist.
void createPrivateFile(const std::string& path);

/// Sets an existing file to 0600 (a folder to 0700). Returns false, changing nothing, when `path` does not
/// exist; throws when it exists and its mode cannot be changed (e.g. another account owns it).
bool restrictToOwner(const std::string& path);

/// fchmod(fd, 0600): for a file opened by other code (QSaveFile::handle()). `subject` names it in errors.
void restrictToOwner(int fd, const std::string& subject);

/// The permission bits (st_mode & 07777) of `path`, or -1 when it does not exist (for checks and tests).
int permissionBits(const std::string& path);

}  // namespace boneage
