#include "report/Uid.h"

#include <array>
#include <cstdint>

namespace boneage::report::detail {

QString uidFromUuid(const QUuid& uuid) {
    const QByteArray bytes = uuid.toRfc4122();
    std::array<std::uint32_t, 4> words{};  // big-endian 128-bit integer in 32-bit limbs
    for (int i = 0; i < 16; ++i)
        words[std::size_t(i / 4)] = (words[std::size_t(i / 4)] << 8) | std::uint8_t(bytes[i]);
    QString digits;
    bool zero = false;
    while (!zero) {
        std::uint64_t remainder = 0;
        zero = true;
        for (auto& word : words) {
            const std::uint64_t value = (remainder << 32) | word;
            word = std::uint32_t(value / 10);
            remainder = value % 10;
            zero = zero && word == 0;
        }
        digits.prepend(QChar(char('0' + remainder)));
    }
    return QStringLiteral("2.25.") + digits;
}

QString newUid() {
    return uidFromUuid(QUuid::createUuid());
}

QString nameBasedUid(const QString& name) {
    // The namespace is itself a fixed random UUID of this project.
    static const QUuid space(QStringLiteral("{6f1c2b8e-0f4e-4d0a-9a3e-5b7e2c9d41a7}"));
    return uidFromUuid(QUuid::createUuidV5(space, name));
}

}  // namespace boneage::report::detail
