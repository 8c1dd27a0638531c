#include "store/Records.h"

namespace boneage::store {

QString sexText(const std::optional<Sex>& sex) {
    return sex ? QString::fromLatin1(sexCode(*sex)) : QString();
}

std::optional<Sex> sexFromText(const QString& text) {
    if (text == QLatin1String("M"))
        return Sex::Male;
    if (text == QLatin1String("F"))
        return Sex::Female;
    return std::nullopt;
}

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
