#pragma once
// The core/pacs values that cross threads in queued signals (PacsNetwork, PacsController), declared once
// for every header that names them in a signal, before any moc output instantiates them.

#include <QList>
#include <QMetaType>

#include "pacs/DicomClient.h"

Q_DECLARE_METATYPE(boneage::pacs::StudyRecord)
Q_DECLARE_METATYPE(boneage::pacs::RetrieveProgress)
