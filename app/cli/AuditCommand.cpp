// `boneage audit verify [--db PATH | --pg CONNSTRING] [--anchor SEQ:HASH]... [--json]`: walks the case
// database's audit chain. It prints the head (last row and hash) as an anchor to keep outside the database;
// given back later, an anchor shows whether the chain was rewritten and re-hashed since.
//
// Exit codes: 0 the chain verifies; 2 usage error; 6 the chain is broken or the database cannot be read
// (boneage::ErrorCode::Storage). The database is opened read-only: no file is created, nothing migrates.
#include <QCommandLineParser>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "store/CaseStore.h"

namespace boneage::cli {

namespace {

/// "SEQ:HASH" (a row number from 1 and 64 hex digits) -> anchor; a usage error otherwise.
store::AuditAnchor parseAnchor(const QString& text) {
    static const QRegularExpression form(QStringLiteral("^([1-9][0-9]{0,17}):([0-9a-fA-F]{64})$"));
    const QRegularExpressionMatch match = form.match(text.trimmed());
    if (!match.hasMatch())
        usageError(
            QStringLiteral("--anchor '%1' is not SEQ:HASH (a row number and 64 hex digits)").arg(text));
    return store::AuditAnchor{match.captured(1).toLongLong(), match.captured(2).toLower()};
}

}  // namespace

int runAudit(const QStringList& arguments) {
    return runGuarded([&] {
        const QString synopsis = QStringLiteral(
            "boneage audit verify [--db PATH | --pg CONNSTRING] [--anchor SEQ:HASH]... [--json]");
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Verifies the case database's audit log: the hash chain (no row edited, removed, inserted or "
            "reordered) and that every case, prediction, read and report matches the audit row that recorded "
            "it. On success it prints the head (last row and its hash): keep that line outside the database "
            "(a ticket, a signed log) and pass it back with --anchor later, so that a chain rewritten and "
            "re-hashed by someone with write access is found too. Exit code 0 when it verifies, 6 when it is "
            "broken or the database cannot be read."));
        parser.addOption(
            {QStringLiteral("db"),
             QStringLiteral("SQLite case database (default: the one in the user's data folder)."),
             QStringLiteral("PATH")});
        parser.addOption(
            {QStringLiteral("pg"),
             QStringLiteral("PostgreSQL database: \"host=H port=5432 dbname=D user=U "
                            "sslmode=verify-full sslrootcert=CA.pem\" or "
                            "postgresql://U@H:5432/D?sslmode=verify-full. No password: libpq reads "
                            "it from ~/.pgpass, PGPASSFILE or PGPASSWORD."),
             QStringLiteral("CONNSTRING")});
        parser.addOption(
            {QStringLiteral("anchor"),
             QStringLiteral("A row's hash recorded earlier, as printed by a previous verify: that "
                            "row must still exist with that hash. May be repeated."),
             QStringLiteral("SEQ:HASH")});
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
        std::vector<store::AuditAnchor> anchors;
        for (const QString& text : parser.values(QStringLiteral("anchor")))
            anchors.push_back(parseAnchor(text));
        store::StoreConfig config =
            pg   ? store::StoreConfig::fromPgConnectionString(parser.value(QStringLiteral("pg")))
            : db ? store::StoreConfig::sqlite(parser.value(QStringLiteral("db")))
                 : store::StoreConfig::defaultSqlite();
        config.readOnly = true;
        const store::CaseStore store(config, QStringLiteral("boneage-audit-verify"));
        const store::AuditVerification result = store.verifyAudit(anchors);
        const bool hasHead = result.ok && result.rowsChecked > 0;
        const QString headAnchor = QStringLiteral("%1:%2").arg(result.rowsChecked).arg(result.headHash);
        if (parser.isSet(QStringLiteral("json"))) {
            printJson(QJsonObject{{QStringLiteral("database"), config.describe()},
                                  {QStringLiteral("ok"), result.ok},
                                  {QStringLiteral("rows_checked"), result.rowsChecked},
                                  {QStringLiteral("first_bad_seq"), result.firstBadSeq},
                                  {QStringLiteral("problem"), result.problem},
                                  {QStringLiteral("anchors_checked"), qint64(anchors.size())},
                                  {QStringLiteral("head"), hasHead ? QJsonValue(headAnchor) : QJsonValue()},
                                  {QStringLiteral("schema_version"), store.schemaVersion()}});
        } else {
            QTextStream out(stdout);
            if (result.ok) {
                out << config.describe() << ": audit log ok, " << result.rowsChecked << " rows verified";
                if (!anchors.empty())
                    out << ", " << anchors.size() << (anchors.size() == 1 ? " anchor" : " anchors")
                        << " held";
                out << ".\n";
                if (hasHead)
                    out << "Head (keep it outside the database; pass it back with --anchor): " << headAnchor
                        << "\n";
            } else {
                out << config.describe() << ": audit log BROKEN at row " << result.firstBadSeq << ": "
                    << result.problem << ".\n";
            }
        }
        return result.ok ? 0 : exitCodeFor(ErrorCode::Storage);
    });
}

}  // namespace boneage::cli
