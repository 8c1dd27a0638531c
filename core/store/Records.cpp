#include "store/Records.h"

namespace boneage::store {

const char* readKindName(ReadRecord::Kind kind) {
    return kind == ReadRecord::Kind::Override ? "override" : "confirm";
}

std::optional<ReadRecord::Kind> parseReadKind(const QString& text) {
    if (text == QLatin1String("confirm")) {
        return ReadRecord::Kind::Confirm;
    }
    if (text == QLatin1String("override")) {
        return ReadRecord::Kind::Override;
    }
    return std::nullopt;
}

}  // namespace boneage::store
