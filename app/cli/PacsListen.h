#pragma once

#include <QStringList>

namespace boneage::cli {

/// boneage pacs listen: the storage SCP with automatic reading, until SIGINT or SIGTERM.
int runPacsListen(const QStringList& arguments);

}  // namespace boneage::cli
