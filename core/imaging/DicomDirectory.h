#pragma once
// Reading a DICOMDIR (PS3.10 media directory): the films a CD, DVD or USB export lists.

#include <string>
#include <vector>

namespace boneage::imaging {

/// True when `path` names a media directory file: its file name is DICOMDIR (any case), as PS3.10 requires.
bool isDicomDirectoryName(const std::string& path);

/// The files the IMAGE records of a DICOMDIR reference, in the order the directory lists them: the
/// DICOMDIR's folder joined with each Referenced File ID's components. A component is matched without
/// regard to case when the exact name does not exist (media written on FAT, copied to a case-sensitive
/// disk); a reference to a file that does not exist is returned as written, so that the caller reports it
/// as a missing film. Throws Error(BadInput, path, cause) when the DICOMDIR cannot be read or parsed, has no
/// Directory Record Sequence, or a record's file ID leaves the DICOMDIR's folder (an absolute path, "." or
/// ".."). Thread-safe.
std::vector<std::string> readDicomDirectory(const std::string& path);

}  // namespace boneage::imaging
