#include <unistd.h>
#include <QCommandLineParser>
#include <QDir>
#include <QSaveFile>
#include <QTextStream>
#include <cmath>
#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "clinical/Clinical.h"
#include "imaging/FilmWriter.h"
#include "phantom/Display.h"
#include "phantom/PhantomFilm.h"

namespace boneage::cli {

namespace {

/// Every phantom is "acquired" on this date; birth dates follow from the chronological age.
constexpr clinical::Date kStudyDate{2026, 1, 15};

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

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil-date algorithms).
long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
clinical::Date civilFromDays(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = int(doy - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    return clinical::Date{int(yoe + era * 400) + (m <= 2), m, d};
}

/// The birth date whose chronological age on the study date is closest to `months`.
clinical::Date birthDateFor(double months) {
    const long study = daysFromCivil(kStudyDate.year, kStudyDate.month, kStudyDate.day);
    long best = study;
    double bestError = 1e300;
    const long guess = study - long(std::lround(months * 30.436875));
    for (long day = guess - 3; day <= guess + 3; ++day) {
        const double error =
            std::fabs(clinical::chronologicalAgeMonths(civilFromDays(day), kStudyDate) - months);
        if (error < bestError) {
            bestError = error;
            best = day;
        }
    }
    return civilFromDays(best);
}

std::string dicomDate(const clinical::Date& d) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02d%02d", d.year, d.month, d.day);
    return text;
}

/// Stored phantom values to bone-bright values (what the DICOM writer takes).
std::vector<std::uint16_t> boneBright(const phantom::PhantomFilm& film) {
    std::vector<std::uint16_t> out(film.pixels);
    if (film.monochrome1) {
        const int top = (1 << film.bitsStored) - 1;
        for (auto& v : out)
            v = std::uint16_t(top - v);
    }
    return out;
}

double boneBrightCentre(const phantom::PhantomFilm& film) {
    return film.monochrome1 ? double((1 << film.bitsStored) - 1) - film.windowCenter : film.windowCenter;
}

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

        const QDir root(out);
        if (!QDir().mkpath(root.filePath(QStringLiteral("images"))) ||
            !QDir().mkpath(root.filePath(QStringLiteral("masks")))) {
            throw Error(ErrorCode::BadInput, out.toStdString(), "cannot create the output folder");
        }
        QSaveFile labels(root.filePath(QStringLiteral("labels.csv")));
        if (!labels.open(QIODevice::WriteOnly | QIODevice::Text)) {
            throw Error(ErrorCode::BadInput, labels.fileName().toStdString(), "cannot write the labels file");
        }
        QTextStream csv(&labels);
        csv << "id,boneage,male,chronological_age_months,seed\n";
        const bool tty = isatty(fileno(stderr));
        for (int i = 0; i < count; ++i) {
            const std::uint64_t filmSeed = std::uint64_t(seed) * 1000003ULL + std::uint64_t(i) + 1;
            phantom::PhantomSpec spec = phantom::randomSpec(filmSeed);
            if (height > 0) {
                const double scale = double(height) / spec.height;
                spec.pixelSpacingMm /= scale;
                spec.width = std::max(64, int(std::lround(spec.width * scale)));
                spec.height = height;
            }
            const phantom::PhantomFilm film = phantom::renderPhantom(spec);
            const std::string id = std::to_string(i + 1);
            const clinical::Date birth = birthDateFor(spec.chronologicalAgeMonths);
            const double chronological = clinical::chronologicalAgeMonths(birth, kStudyDate);
            const std::string imageBase = root.filePath(QStringLiteral("images/")).toStdString() + id;
            if (format == QLatin1String("dicom")) {
                imaging::DicomWriteOptions options;
                options.transferSyntax = *syntax;
                options.sopClass = (i % 2) ? imaging::DicomSopClass::DigitalXRay
                                           : imaging::DicomSopClass::ComputedRadiography;
                options.bitsStored = film.bitsStored;
                options.monochrome1 = film.monochrome1;
                options.window = imaging::Window{boneBrightCentre(film), film.windowWidth};
                options.pixelSpacingMm = std::make_pair(film.pixelSpacingMm, film.pixelSpacingMm);
                auto& m = options.metadata;
                m.patientId = "PHANTOM-" + std::to_string(filmSeed);
                m.patientName = "Phantom^" + id;
                m.patientSex = sexCode(spec.sex);
                m.birthDate = dicomDate(birth);
                m.studyDate = dicomDate(kStudyDate);
                m.bodyPart = "HAND";
                m.laterality = "L";
                imaging::writeDicom(imageBase + ".dcm", film.width, film.height, boneBright(film), options);
            } else {
                const auto display = phantom::displayImage(film);
                imaging::writePng8(imageBase + ".png", display.width, display.height, display.pixels);
            }
            const auto mask = phantom::maskImage(film);
            imaging::writePng8(root.filePath(QStringLiteral("masks/")).toStdString() + id + ".png",
                               mask.width, mask.height, mask.pixels);
            csv << qs(id) << ',' << QString::number(spec.boneAgeMonths, 'f', 1) << ','
                << (spec.sex == Sex::Male ? "True" : "False") << ',' << QString::number(chronological, 'f', 2)
                << ',' << filmSeed << '\n';
            if (tty)
                std::fprintf(stderr, "\r%d/%d films", i + 1, count);
        }
        if (tty)
            std::fputc('\n', stderr);
        csv.flush();
        if (!labels.commit()) {
            throw Error(ErrorCode::BadInput, labels.fileName().toStdString(), "cannot write the labels file");
        }
        QTextStream(stdout) << "Wrote " << count << ' ' << format << " films to " << out << '\n';
        return 0;
    });
}

}  // namespace boneage::cli
