#pragma once

#include <QLoggingCategory>

namespace boneage::store {

/// "boneage.store": connection, migration and retry events. Never logs patient identifiers.
Q_DECLARE_LOGGING_CATEGORY(lcStore)

}  // namespace boneage::store
