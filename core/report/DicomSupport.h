#pragma once
// Internal to boneage_report: the DCMTK bridge (conditions to errors, files from and to bytes).

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/ofstd/ofcond.h>

#include <QByteArray>
#include <memory>
#include <string>

namespace boneage::report::detail {

/// Throws Error(Internal, "DICOM", "cannot <what>: <DCMTK's text>") when `condition` is bad.
void check(const OFCondition& condition, const char* what);

/// Parses a DICOM Part 10 file (or a bare dataset) from memory. Throws Error(BadInput, subject, ...) when it
/// does not parse completely.
std::unique_ptr<DcmFileFormat> readDicomBytes(const QByteArray& bytes, const std::string& subject);

/// The dataset alone, re-encoded in `xfer` with `encoding` for sequences and items, no group lengths and no
/// padding: the bytes a writer following those choices produces for these values.
QByteArray datasetBytes(DcmDataset& dataset, E_TransferSyntax xfer, E_EncodingType encoding);

}  // namespace boneage::report::detail
