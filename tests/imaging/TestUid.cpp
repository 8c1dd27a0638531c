// UIDs under 2.25 (ITU-T X.667): the decimal form of a UUID (the standard's own example), random UIDs that
// are valid DICOM UIDs and all different, and name-based ones that are reproducible (RFC 9562's version 5
// example) and never collide across names.
#include "imaging/Uid.h"

#include <QRegularExpression>
#include <QTest>

#include <set>

using namespace boneage::imaging;

namespace {

/// The UUID inside "2.25.<decimal>", by long multiplication in bytes.
Uuid uuidOf(const std::string& uid) {
    Uuid uuid{};
    for (const char c : uid.substr(5)) {
        int carry = c - '0';
        for (int i = 15; i >= 0; --i) {
            const int v = uuid[std::size_t(i)] * 10 + carry;
            uuid[std::size_t(i)] = std::uint8_t(v & 0xFF);
            carry = v >> 8;
        }
    }
    return uuid;
}

void checkDicomUid(const std::string& uid) {
    // PS3.5 9.1: at most 64 characters, digits and dots, no leading zero in a component.
    QVERIFY2(uid.size() <= 64, uid.c_str());
    static const QRegularExpression form(QStringLiteral("^2\\.25\\.(0|[1-9][0-9]*)$"));
    QVERIFY2(form.match(QString::fromStdString(uid)).hasMatch(), uid.c_str());
}

}  // namespace

class TestUid : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void uidFromUuid_ShouldGiveTheX667Example() {
        const Uuid example{0xf8, 0x1d, 0x4f, 0xae, 0x7d, 0xec, 0x11, 0xd0,
                           0xa7, 0x65, 0x00, 0xa0, 0xc9, 0x1e, 0x6b, 0xf6};
        QCOMPARE(uidFromUuid(example), std::string("2.25.329800735698586629295641978511506172918"));
        QCOMPARE(uidFromUuid(Uuid{}), std::string("2.25.0"));
        Uuid max;
        max.fill(0xFF);
        QCOMPARE(uidFromUuid(max), std::string("2.25.340282366920938463463374607431768211455"));
    }

    void newUid_ShouldBeValidVersion4AndUnique() {
        std::set<std::string> seen;
        for (int i = 0; i < 10000; ++i) {
            const std::string uid = newUid();
            checkDicomUid(uid);
            const Uuid uuid = uuidOf(uid);
            QCOMPARE(uuid[6] >> 4, 4);       // version 4: random
            QCOMPARE(uuid[8] & 0xC0, 0x80);  // RFC 9562 variant
            QVERIFY(seen.insert(uid).second);
        }
    }

    void nameBasedUuid_ShouldGiveTheRfcVersion5Example() {
        // uuid5(NAMESPACE_DNS, "www.example.com") = 2ed6657d-e927-568b-95e1-2665a8aea6a2
        const Uuid dns{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
        const Uuid expected{0x2e, 0xd6, 0x65, 0x7d, 0xe9, 0x27, 0x56, 0x8b,
                            0x95, 0xe1, 0x26, 0x65, 0xa8, 0xae, 0xa6, 0xa2};
        QVERIFY(nameBasedUuid(dns, "www.example.com") == expected);
    }

    void uidFromName_ShouldBeReproducibleAndDistinct() {
        const std::string a = uidFromName("phantom/PHANTOM-1/1/study");
        checkDicomUid(a);
        QCOMPARE(uidFromName("phantom/PHANTOM-1/1/study"), a);
        QCOMPARE(uuidOf(a)[6] >> 4, 5);  // version 5: name-based
        QVERIFY(uidFromUuid(uuidOf(a)) == a);
        std::set<std::string> seen;
        for (int i = 0; i < 2000; ++i)
            QVERIFY(seen.insert(uidFromName("phantom/" + std::to_string(i) + "/series")).second);
        QVERIFY(!seen.count(a));
    }
};

QTEST_GUILESS_MAIN(TestUid)
#include "TestUid.moc"
