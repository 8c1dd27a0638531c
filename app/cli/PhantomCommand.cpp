#include <unistd.h>
#include <QCommandLineParser>
#include <QTextStream>
#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "assessment/PhantomDataset.h"
#include "imaging/FilmWriter.h"

namespace boneage::cli {

namespace {

struct SyntaxName {
    const char* name;
    imaging::TransferSyntax syntax;
};
const SyntaxName kSyntaxes[] = {
    {"explicit", imaging::TransferSyntax::ExplicitLittleEndian},
    {"implicit", imaging::TransferSyntax::ImplicitLittleEndian},
    {"big-endian", imaging::TransferSyntax::ExplicitBigEndian},
    {"deflate", imaging::TransferSyntax::DeflatedLittleEndian},
    {"jpeg-lossless", imaging::TransferSyntax::JpegLossless},
    {"jpeg-ls", imaging::TransferSyntax::JpegLsLossless},
    {"jpeg-ls-near", imaging::TransferSyntax::JpegLsNearLossless},
    {"rle", imaging::TransferSyntax::RleLossless},
};

}  // namespace

int runPhantom(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        QStringList syntaxNames;
        for (const auto& s : kSyntaxes)
            syntaxNames << QString::fromLatin1(s.name);
        parser.setApplicationDescription(
            QStringLiteral(
                "Writes synthetic left-hand radiographs with known bone age in the RSNA layout: "
                "DIR/labels.csv (id,boneage,male,chronological_age_months,seed), DIR/images/<id>.png|dcm "
                "and DIR/masks/<id>.png (the age-informative regions: growth plates and carpals). "
                "Deterministic for a seed. DICOM transfer syntaxes: ") +
            syntaxNames.join(QStringLiteral(", ")) + QLatin1Char('.'));
        parser.addOption({QStringLiteral("count"), QStringLiteral("Number of films."), QStringLiteral("N")});
        parser.addOption({QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed (default 1)."), QStringLiteral("S"),
                          QStringLiteral("1")});
        parser.addOption({QStringLiteral("format"),
                          QStringLiteral("png (8-bit, windowed) or dicom (default png)."),
                          QStringLiteral("png|dicom"), QStringLiteral("png")});
        parser.addOption({QStringLiteral("syntax"),
                          QStringLiteral("DICOM transfer syntax (default explicit)."), QStringLiteral("NAME"),
                          QStringLiteral("explicit")});
        parser.addOption(
            {QStringLiteral("height"),
             QStringLiteral("Film height in pixels (default: random 2000-2600); the field of view is "
                            "kept, so the pixel spacing grows as the film shrinks."),
             QStringLiteral("PX")});
        bool done = false;
        const QString synopsis = QStringLiteral(
            "boneage phantom --count N --out DIR [--seed S] [--format png|dicom] [--syntax NAME] [--height "
            "PX]");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;

        bool ok = false;
        const int count = parser.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || count < 1 || count > 100000)
            usageError(QStringLiteral("--count must be a number in 1-100000"));
        const QString out = parser.value(QStringLiteral("out"));
        if (out.isEmpty())
            usageError(QStringLiteral("phantom needs --out DIR"));
        const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            usageError(QStringLiteral("--seed must be a non-negative integer"));
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("png") && format != QLatin1String("dicom")) {
            usageError(QStringLiteral("--format must be png or dicom"));
        }
        std::optional<imaging::TransferSyntax> syntax;
        for (const auto& s : kSyntaxes) {
            if (parser.value(QStringLiteral("syntax")) == QLatin1String(s.name))
                syntax = s.syntax;
        }
        if (!syntax)
            usageError(QStringLiteral("--syntax must be one of ") + syntaxNames.join(QStringLiteral(", ")));
        int height = 0;
        if (parser.isSet(QStringLiteral("height"))) {
            height = parser.value(QStringLiteral("height")).toInt(&ok);
            if (!ok || height < 64 || height > 16384)
                usageError(QStringLiteral("--height must be in 64-16384"));
        }

        assessment::PhantomDatasetOptions options;
        options.outDir = out.toStdString();
        options.count = count;
        options.seed = seed;
        options.format = format == QLatin1String("dicom") ? assessment::PhantomDatasetOptions::Format::Dicom
                                                          : assessment::PhantomDatasetOptions::Format::Png;
        options.transferSyntax = *syntax;
        options.height = height;
        const bool tty = isatty(fileno(stderr));
        assessment::writePhantomDataset(options, [tty](int done, int total) {
            if (tty)
                std::fprintf(stderr, "\r%d/%d films", done, total);
        });
        if (tty)
            std::fputc('\n', stderr);
        QTextStream(stdout) << "Wrote " << count << ' ' << format << " films to " << out << '\n';
        return 0;
    });
}

}  // namespace boneage::cli
