// AtomicFile: everything the imaging writers put on disk (PNG and DICOM films, the CLI's overlays) is
// owner-only, 0600, whatever the umask (issue 9, defect 9), including a file that replaces a looser one.
#include <sys/stat.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "common/PrivateFiles.h"
#include "imaging/AtomicFile.h"
#include "imaging/FilmWriter.h"

using namespace boneage;
using namespace boneage::imaging;

class TestAtomicFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writers_ShouldLeave0600Files_data() {
        QTest::addColumn<int>("mask");
        QTest::newRow("umask022_ShouldStill0600") << 022;
        QTest::newRow("umask000_ShouldStill0600") << 0;
    }

    void writers_ShouldLeave0600Files() {
        QFETCH(int, mask);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const mode_t previous = ::umask(mode_t(mask));
        const std::string root = dir.path().toStdString();
        const std::vector<std::uint16_t> pixels(64 * 64, 700);
        writePng(root + "/film.png", 64, 64, pixels, 16);
        writeDicom(root + "/film.dcm", 64, 64, pixels, DicomWriteOptions{});
        const std::uint8_t bytes[] = {1, 2, 3};
        writeBytesAtomically(root + "/overlay.png", bytes, sizeof bytes);
        // A looser file already there is replaced by an owner-only one.
        const std::string old = root + "/old.png";
        std::ofstream(old) << "old";
        ::chmod(old.c_str(), 0644);
        writeBytesAtomically(old, bytes, sizeof bytes);
        ::umask(previous);

        for (const char* name : {"film.png", "film.dcm", "overlay.png", "old.png"}) {
            QCOMPARE(permissionBits(root + "/" + name), 0600);
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4);  // no temporary file left behind
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
