#pragma once
// Internal to boneage_report: DICOM UIDs under the 2.25 root (PS3.5 B.2: "2.25." and the UUID as one decimal
// integer), which needs no registered organisation root.
// TODO(viewer-split): use core/imaging's UID function once it is on main, and drop this file.

#include <QString>
#include <QUuid>

namespace boneage::report::detail {

/// "2.25.<decimal>" of `uuid` (at most 44 characters, within the 64 of a UI).
QString uidFromUuid(const QUuid& uuid);

/// A fresh random (version 4) UID.
QString newUid();

/// The same UID for the same `name` every time (a version 5 UUID in a namespace of this project), e.g. the
/// device observer UID of a model package from its sha256.
QString nameBasedUid(const QString& name);

}  // namespace boneage::report::detail
