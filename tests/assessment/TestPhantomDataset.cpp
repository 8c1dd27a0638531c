// writePhantomDataset: the RSNA layout (labels, images, masks) with as many films as asked, readable by
// readRsnaDataset; the same options write byte-identical DICOM films, masks and labels; another seed other
// films; a folder that cannot be created is a Storage error naming it.
#include "assessment/PhantomDataset.h"

#include "assessment/Dataset.h"
#include "common/Error.h"
#include "imaging/FilmHeader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace boneage;

namespace {

QByteArray hashOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

}  // namespace

class TestPhantomDataset : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    assessment::PhantomDatasetOptions dicomOptions(const char* folder, std::uint64_t seed) const {
        assessment::PhantomDatasetOptions o;
        o.outDir = m_dir.filePath(QString::fromLatin1(folder)).toStdString();
        o.count = 3;
        o.seed = seed;
        o.format = assessment::PhantomDatasetOptions::Format::Dicom;
        o.height = 400;
        return o;
    }

private Q_SLOTS:
    void dataset_ShouldHaveTheRsnaLayout() {
        int calls = 0;
        assessment::writePhantomDataset(dicomOptions("a", 5), [&](int done, int total) {
            QCOMPARE(total, 3);
            QCOMPARE(done, ++calls);
        });
        QCOMPARE(calls, 3);
        const QString root = m_dir.filePath("a");
        const auto dataset = assessment::readRsnaDataset((root + "/labels.csv").toStdString(),
                                                         (root + "/images").toStdString());
        QCOMPARE(dataset.films.size(), std::size_t(3));
        QVERIFY(dataset.problems.empty());
        for (const auto& film : dataset.films) {
            QVERIFY(!film.maskPath.empty());
            const imaging::FilmHeader header = imaging::readFilmHeader(film.imagePath);
            QCOMPARE(header.height, 400);
            QCOMPARE(header.meta.patientSex, std::string(sexCode(film.sex)));
            QCOMPARE(header.meta.studyDate, std::string("20260115"));
        }
    }

    void sameOptions_ShouldWriteByteIdenticalFiles() {
        assessment::writePhantomDataset(dicomOptions("b1", 8));
        assessment::writePhantomDataset(dicomOptions("b2", 8));
        assessment::writePhantomDataset(dicomOptions("b3", 9));
        for (const char* file :
             {"labels.csv", "images/1.dcm", "images/2.dcm", "images/3.dcm", "masks/3.png"}) {
            const QByteArray first = hashOf(m_dir.filePath(QStringLiteral("b1/") + file));
            QVERIFY2(!first.isEmpty(), file);
            QCOMPARE(hashOf(m_dir.filePath(QStringLiteral("b2/") + file)), first);
        }
        QVERIFY(hashOf(m_dir.filePath("b3/images/1.dcm")) != hashOf(m_dir.filePath("b1/images/1.dcm")));
    }

    void uncreatableFolder_ShouldBeStorageError() {
        QFile blocker(m_dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        assessment::PhantomDatasetOptions o = dicomOptions("file/inside", 1);
        try {
            assessment::writePhantomDataset(o);
            QFAIL("wrote under a file");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Storage);
            QVERIFY2(QString(e.what()).contains("file/inside"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestPhantomDataset)
#include "TestPhantomDataset.moc"
