#include "store/StoreLog.h"

namespace boneage::store {

Q_LOGGING_CATEGORY(lcStore, "boneage.store", QtWarningMsg)

}  // namespace boneage::store
