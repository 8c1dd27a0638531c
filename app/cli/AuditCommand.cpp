// `boneage audit verify [--db PATH | --pg CONNSTRING] [--json]`: walks the case database's audit chain.
//
// Exit codes: 0 the chain verifies; 2 usage error; 6 the chain is broken or the database cannot be read
// (boneage::ErrorCode::Storage). The database is opened read-only: no file is created, nothing migrates.
#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "store/CaseStore.h"

namespace boneage::cli {

int runAudit(const QStringList& arguments) {
    return runGuarded([&] {
        const QString synopsis =
            QStringLiteral("boneage audit verify [--db PATH | --pg CONNSTRING] [--json]");
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Verifies the case database's audit log: the hash chain (no row edited, removed, inserted or "
            "reordered) and that every case, prediction, read and report matches the audit row that recorded "
            "it. Exit code 0 when it verifies, 6 when it is broken or the database cannot be read."));
        parser.addOption(
            {QStringLiteral("db"),
             QStringLiteral("SQLite case database (default: the one in the user's data folder)."),
             QStringLiteral("PATH")});
        parser.addOption({QStringLiteral("pg"),
                          QStringLiteral("PostgreSQL database: \"host=H port=5432 dbname=D user=U\" or "
                                         "postgresql://U@H:5432/D."),
                          QStringLiteral("CONNSTRING")});
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
        parser.addPositionalArgument(QStringLiteral("verify"), QStringLiteral("Verify the audit log."));
        bool done = false;
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;
        if (parser.positionalArguments() != QStringList{QStringLiteral("verify")}) {
            usageError(QStringLiteral("expected the subcommand 'verify' (see 'boneage audit --help')"));
        }
        const bool db = parser.isSet(QStringLiteral("db"));
        const bool pg = parser.isSet(QStringLiteral("pg"));
        if (db && pg) {
            usageError(QStringLiteral("give --db or --pg, not both"));
        }
        store::StoreConfig config =
            pg   ? store::StoreConfig::fromPgConnectionString(parser.value(QStringLiteral("pg")))
            : db ? store::StoreConfig::sqlite(parser.value(QStringLiteral("db")))
                 : store::StoreConfig::defaultSqlite();
        config.readOnly = true;
        const store::CaseStore store(config, QStringLiteral("boneage-audit-verify"));
        const store::AuditVerification result = store.verifyAudit();
        if (parser.isSet(QStringLiteral("json"))) {
            printJson(QJsonObject{{QStringLiteral("database"), config.describe()},
                                  {QStringLiteral("ok"), result.ok},
                                  {QStringLiteral("rows_checked"), result.rowsChecked},
                                  {QStringLiteral("first_bad_seq"), result.firstBadSeq},
                                  {QStringLiteral("problem"), result.problem},
                                  {QStringLiteral("schema_version"), store.schemaVersion()}});
        } else {
            QTextStream out(stdout);
            if (result.ok) {
                out << config.describe() << ": audit log ok, " << result.rowsChecked << " rows verified.\n";
            } else {
                out << config.describe() << ": audit log BROKEN at row " << result.firstBadSeq << ": "
                    << result.problem << ".\n";
            }
        }
        return result.ok ? 0 : exitCodeFor(ErrorCode::Storage);
    });
}

}  // namespace boneage::cli
