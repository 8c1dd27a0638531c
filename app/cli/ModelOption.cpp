// resolveModelDir (CliSupport.h), apart from the rest of CliSupport so that tools built from CliSupport alone
// (tests/store's audit command) need not link the engine.
#include "CliSupport.h"
#include "assessment/ShippedModel.h"

namespace boneage::cli {

std::string resolveModelDir(const QString& option) {
    QString dir = option;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("BONEAGE_MODEL");
    if (dir.isEmpty())
        dir = QString::fromStdString(assessment::shippedModelDir());
    if (dir.isEmpty()) {
        throw Error(ErrorCode::Model, "",
                    "no model package found; pass --model DIR or set BONEAGE_MODEL to a package folder");
    }
    return dir.toStdString();
}

}  // namespace boneage::cli
