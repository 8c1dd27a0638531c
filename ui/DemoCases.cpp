#include "ui/DemoCases.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

#include "assessment/PhantomDicom.h"
#include "common/Error.h"
#include "phantom/PhantomFilm.h"

namespace boneage::ui {

namespace {

struct DemoPatient {
    const char* name;
    Sex sex;
    double chronologicalMonths, boneMonths;
};

// Fictitious patients spanning the age range and the three verdicts.
constexpr DemoPatient kPatients[] = {
    {"DEMO^Ada", Sex::Female, 62, 60},    {"DEMO^Ben", Sex::Male, 98, 122},
    {"DEMO^Clara", Sex::Female, 121, 96}, {"DEMO^David", Sex::Male, 134, 137},
    {"DEMO^Eva", Sex::Female, 150, 158},  {"DEMO^Finn", Sex::Male, 168, 150},
    {"DEMO^Greta", Sex::Female, 40, 44},  {"DEMO^Hugo", Sex::Male, 190, 196},
    {"DEMO^Ines", Sex::Female, 84, 78},   {"DEMO^Jonas", Sex::Male, 110, 111},
};

QString demoPatientId(int index) {
    return QStringLiteral("DEMO%1").arg(index + 1, 3, 10, QLatin1Char('0'));
}

}  // namespace

std::optional<double> DemoCases::renderedBoneAgeMonths(const QString& patientId) {
    for (int i = 0; i < int(std::size(kPatients)); ++i) {
        if (demoPatientId(i) == patientId)
            return kPatients[i].boneMonths;
    }
    return std::nullopt;
}

QString DemoCases::defaultFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

QStringList DemoCases::ensure(const QString& dir, int count) {
    QStringList files;
    if (!QDir().mkpath(dir))
        throw Error(ErrorCode::Storage, dir.toStdString(), "cannot create the demo folder");
    const clinical::Date firstStudy{2024, 3, 15};
    count = std::clamp(count, 0, int(std::size(kPatients)));
    for (int i = 0; i < count; ++i) {
        const DemoPatient& p = kPatients[i];
        const QString path =
            QDir(dir).filePath(QStringLiteral("demo-%1.dcm").arg(i + 1, 2, 10, QLatin1Char('0')));
        files << path;
        if (QFileInfo::exists(path))
            continue;
        phantom::PhantomSpec spec;
        spec.seed = 1000 + std::uint64_t(i);
        spec.sex = p.sex;
        spec.chronologicalAgeMonths = p.chronologicalMonths;
        spec.boneAgeMonths = p.boneMonths;
        spec.width = 2048;
        spec.height = 2560;
        spec.rotationDeg = (i % 3 - 1) * 4.0;
        spec.monochrome1 = i % 4 == 3;  // computed radiography often stores bone dark
        const phantom::PhantomFilm film = phantom::renderPhantom(spec);

        const clinical::Date study{firstStudy.year, firstStudy.month, firstStudy.day + i};
        assessment::writePhantomDicom(path.toStdString(), film,
                                      {demoPatientId(i).toStdString(), p.name,
                                       assessment::birthDateForAge(p.chronologicalMonths, study), study});
    }
    return files;
}

}  // namespace boneage::ui
