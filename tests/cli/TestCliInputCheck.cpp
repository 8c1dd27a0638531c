// The shipped model's input check through `boneage predict`, as a user meets it: a left hand is read as it
// is; a right hand (a phantom mirrored) and a film turned by 90 or 180 degrees are read as the left hand,
// fingers up, with a warning that says what was done, and about the same bone age; a picture that is not a
// hand radiograph (clouds, a page of text) is not read: exit 3, one sentence, nothing on stdout. A shipped
// package without an input check (format 1, rsna-compact 1.x) cannot pass these: the whole test is skipped,
// saying so, never passed.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTransform>
#include <QtTest>

#include "CliRunner.h"

class TestCliInputCheck : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_left;
    double m_leftMonths = -1;
    const QString m_model = QStringLiteral(BONEAGE_SHIPPED_MODEL);

    QJsonObject predict(const QString& file, CliRun* runOut = nullptr) {
        const CliRun run =
            runCli({"predict", file, "--sex", "F", "--model", m_model, "--device", "cpu", "--json"});
        if (runOut)
            *runOut = run;
        return QJsonDocument::fromJson(run.out).object();
    }

    static QStringList warnings(const QJsonObject& json) {
        QStringList out;
        for (const QJsonValue& w : json.value("warnings").toArray())
            out << w.toString();
        return out;
    }

    QString writeVariant(const QString& name, const QTransform& transform, bool mirror) {
        QImage image(m_left);
        if (mirror)
            image = image.mirrored(true, false);
        image = image.transformed(transform);
        const QString path = m_dir.filePath(name + QStringLiteral(".png"));
        return image.save(path) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QFile manifest(m_model + QStringLiteral("/manifest.json"));
        QVERIFY2(manifest.open(QIODevice::ReadOnly), qPrintable(manifest.fileName()));
        const QJsonObject package = QJsonDocument::fromJson(manifest.readAll()).object();
        if (!package.contains(QStringLiteral("input_check")))
            QSKIP(
                qPrintable(QStringLiteral("the shipped package %1 %2 has no input_check: nothing to test")
                               .arg(package.value("name").toString(), package.value("version").toString())));
        QVERIFY(m_dir.isValid());
        const QString out = m_dir.filePath("phantoms");
        const CliRun run =
            runCli({"phantom", "--count", "1", "--seed", "31", "--height", "900", "--out", out}, 300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QStringList films = QDir(out + "/images").entryList({"*.png"});
        QCOMPARE(films.size(), 1);
        m_left = out + "/images/" + films.first();
    }

    void leftHand_isReadWithoutATurnOrMirror() {
        CliRun run;
        const QJsonObject json = predict(m_left, &run);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const QString& w : warnings(json)) {
            QVERIFY2(!w.contains("mirrored") && !w.contains("turned"), qPrintable(w));
        }
        m_leftMonths = json.value("bone_age_months").toDouble(-1);
        QVERIFY(m_leftMonths > 0);
        const QJsonArray interval = json.value("bone_age_interval_months").toArray();
        QCOMPARE(interval.size(), 2);
        QVERIFY(interval[0].toDouble() < m_leftMonths && m_leftMonths < interval[1].toDouble());
    }

    void turnedOrMirroredHand_isReadUprightWithAWarning_data() {
        QTest::addColumn<QTransform>("transform");
        QTest::addColumn<bool>("mirror");
        QTest::addColumn<QString>("warning");
        QTest::newRow("right hand: mirrored, warned") << QTransform() << true << QStringLiteral("mirrored");
        QTest::newRow("turned 90 clockwise: turned back, warned")
            << QTransform().rotate(90) << false << QStringLiteral("turned 90 degrees clockwise");
        QTest::newRow("turned 90 anticlockwise: turned back, warned")
            << QTransform().rotate(-90) << false << QStringLiteral("turned 90 degrees anticlockwise");
        QTest::newRow("upside down: turned back, warned")
            << QTransform().rotate(180) << false << QStringLiteral("turned 180 degrees");
    }

    void turnedOrMirroredHand_isReadUprightWithAWarning() {
        QFETCH(QTransform, transform);
        QFETCH(bool, mirror);
        QFETCH(QString, warning);
        QVERIFY(m_leftMonths > 0);
        const QString file =
            writeVariant(QString::fromLatin1(QTest::currentDataTag()).left(8), transform, mirror);
        QVERIFY(!file.isEmpty());
        CliRun run;
        const QJsonObject json = predict(file, &run);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QStringList w = warnings(json);
        QVERIFY2(w.filter(warning).size() == 1, qPrintable(w.join(" | ")));
        if (!mirror)
            QVERIFY2(w.filter("mirrored").isEmpty(), qPrintable(w.join(" | ")));
        // The engine turns the film's input back, so it reads (almost) the same square as the upright film.
        const double months = json.value("bone_age_months").toDouble(-1);
        qInfo("left %.2f months, this film %.2f months", m_leftMonths, months);
        QVERIFY(std::abs(months - m_leftMonths) <= 3.0);
    }

    void notAHand_isNotRead_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("clouds: exit 3, one sentence") << QStringLiteral("clouds");
        QTest::newRow("a page of text: exit 3, one sentence") << QStringLiteral("text");
    }

    void notAHand_isNotRead() {
        QFETCH(QString, kind);
        QImage image(640, 480, QImage::Format_Grayscale8);
        QRandomGenerator random(7);
        if (kind == "clouds") {
            // Soft random blobs at several scales, like a photograph of clouds.
            QImage coarse(8, 6, QImage::Format_Grayscale8);
            for (int y = 0; y < coarse.height(); ++y)
                for (int x = 0; x < coarse.width(); ++x)
                    coarse.setPixel(x, y, qRgb(0, 0, 0) | (random.bounded(256) * 0x010101));
            image = coarse.scaled(image.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) {
                    const int v = qGray(image.pixel(x, y)) + int(random.bounded(24)) - 12;
                    image.setPixel(x, y, qRgb(qBound(0, v, 255), qBound(0, v, 255), qBound(0, v, 255)));
                }
        } else {
            image.fill(235);
            for (int line = 30; line + 14 < image.height(); line += 26)
                for (int x = 40; x < image.width() - 40; x += 6 + int(random.bounded(8)))
                    for (int y = line; y < line + 12; ++y)
                        for (int dx = 0; dx < 4; ++dx)
                            image.setPixel(x + dx, y, qRgb(30, 30, 30));
        }
        const QString file = m_dir.filePath(kind + ".png");
        QVERIFY(image.save(file));
        CliRun run;
        predict(file, &run);
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.isEmpty());
        const QStringList lines = errorLines(run.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains("does not look like a hand radiograph"), qPrintable(lines.first()));
        QVERIFY(lines.first().contains(file));
    }
};

QTEST_GUILESS_MAIN(TestCliInputCheck)
#include "TestCliInputCheck.moc"
