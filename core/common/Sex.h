#pragma once

#include <optional>
#include <string_view>

namespace boneage {

/// Patient sex as the bone-age standards and the sex-specific models need it.
enum class Sex { Male, Female };

/// "M"/"F" (DICOM PatientSex, CLI --sex; case-insensitive, also "male"/"female"); nullopt otherwise.
inline std::optional<Sex> parseSex(std::string_view text) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    std::string_view t = text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\0'))
        t.remove_suffix(1);
    if (t.size() == 1) {
        if (lower(t[0]) == 'm')
            return Sex::Male;
        if (lower(t[0]) == 'f')
            return Sex::Female;
        return std::nullopt;
    }
    auto equals = [&](std::string_view word) {
        if (t.size() != word.size())
            return false;
        for (size_t i = 0; i < t.size(); ++i)
            if (lower(t[i]) != word[i])
                return false;
        return true;
    };
    if (equals("male"))
        return Sex::Male;
    if (equals("female"))
        return Sex::Female;
    return std::nullopt;
}

inline const char* sexCode(Sex sex) {
    return sex == Sex::Male ? "M" : "F";
}

}  // namespace boneage
