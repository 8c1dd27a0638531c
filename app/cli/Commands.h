#pragma once

#include <QStringList>

namespace boneage::cli {

// Each subcommand takes its own arguments (arguments[0] is "boneage <name>") and returns the process exit
// code of the CLI contract: 0 ok, 2 usage, 3 bad input, 4 model, 5 network, 6 storage or signature.
int runPredict(const QStringList& arguments);
int runEvaluate(const QStringList& arguments);
int runBench(const QStringList& arguments);
int runPhantom(const QStringList& arguments);
int runAudit(const QStringList& arguments);
int runPacs(const QStringList& arguments);
int runReport(const QStringList& arguments);
int runVerify(const QStringList& arguments);
int runBatch(const QStringList& arguments);
int runBatchMerge(const QStringList& arguments);

}  // namespace boneage::cli
