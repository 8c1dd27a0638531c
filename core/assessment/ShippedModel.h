#pragma once

#include <string>

namespace boneage::assessment {

/// The model package shipped with the programs, for the CLI and the workstation alike: the installed one,
/// `<folder of the running executable>/../share/boneage/model` (/usr/share/boneage/model for the .deb),
/// else the source tree's default package of an uninstalled build (BONEAGE_DEFAULT_MODEL_DIR). The first
/// of these that holds a manifest.json; "" when neither does. Thread-safe.
std::string shippedModelDir();

}  // namespace boneage::assessment
