#pragma once

#include <string>

#include "common/Error.h"

namespace boneage::store {

/// The SQLite case database exists but is not sound: not a database, truncated, or failing
/// PRAGMA quick_check. Thrown by CaseStore's constructor before anything is written to the file, so the
/// damaged file is exactly as it was found (see DatabaseBackups to restore or move it aside).
/// A Storage error; what() reads "<file>: the database file is damaged (<cause>)".
class DamagedDatabase : public Error {
public:
    DamagedDatabase(std::string subject, const std::string& damage)
        : Error(ErrorCode::Storage, std::move(subject), "the database file is damaged (" + damage + ")"),
          m_damage(damage) {}

    /// What the check found ("database disk image is malformed", "file is not a database", ...).
    const std::string& damage() const { return m_damage; }

private:
    std::string m_damage;
};

}  // namespace boneage::store
