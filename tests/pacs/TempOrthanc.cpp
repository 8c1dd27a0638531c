#include "TempOrthanc.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTimer>

namespace boneage::pacs::testing {

quint16 freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

TempOrthanc::TempOrthanc() {
    m_httpPort = freePort();
    m_dicomPort = freePort();
    while (m_dicomPort == m_httpPort)
        m_dicomPort = freePort();
    const QString storage = m_dir.filePath(QStringLiteral("storage"));
    const QJsonObject config{
        {QStringLiteral("Name"), QStringLiteral("boneage-test")},
        {QStringLiteral("StorageDirectory"), storage},
        {QStringLiteral("IndexDirectory"), storage},
        {QStringLiteral("HttpPort"), int(m_httpPort)},
        {QStringLiteral("DicomPort"), int(m_dicomPort)},
        {QStringLiteral("DicomAet"), QString::fromLatin1(kAeTitle)},
        {QStringLiteral("RemoteAccessAllowed"), false},
        {QStringLiteral("AuthenticationEnabled"), false},
        {QStringLiteral("DicomCheckCalledAet"), true},
        {QStringLiteral("DicomModalities"), QJsonObject{}},
        {QStringLiteral("Plugins"),
         QJsonArray{QStringLiteral("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")}},
        {QStringLiteral("DicomWeb"), QJsonObject{{QStringLiteral("Enable"), true},
                                                 {QStringLiteral("Root"), QStringLiteral("/dicom-web/")}}},
        {QStringLiteral("StableAge"), 1},
        {QStringLiteral("HttpThreadsCount"), 4},
    };
    QFile file(m_dir.filePath(QStringLiteral("orthanc.json")));
    file.open(QIODevice::WriteOnly);
    file.write(QJsonDocument(config).toJson());
    file.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral(BONEAGE_ORTHANC), {file.fileName()});
}

TempOrthanc::~TempOrthanc() {
    stop();
}

void TempOrthanc::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void TempOrthanc::kill() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

bool TempOrthanc::ready() {
    if (m_process.state() != QProcess::Running)
        return false;
    int status = 0;
    get(QStringLiteral("/system"), &status);
    return status == 200;
}

QString TempOrthanc::peer() const {
    return QStringLiteral("%1@127.0.0.1:%2").arg(QString::fromLatin1(kAeTitle)).arg(m_dicomPort);
}

QString TempOrthanc::dicomWebRoot() const {
    return QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(m_httpPort);
}

QByteArray TempOrthanc::request(const QByteArray& verb, const QString& path, const QByteArray& body,
                                int* status) {
    QNetworkAccessManager manager;
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_httpPort).arg(path)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    QNetworkReply* reply = manager.sendCustomRequest(req, verb, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(60000);
    loop.exec();
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status)
        *status = code;
    QByteArray answer = reply->isFinished() && code >= 200 && code < 300 ? reply->readAll() : QByteArray();
    if (answer.isNull() && code >= 200 && code < 300)
        answer = QByteArray("");
    reply->abort();
    reply->deleteLater();
    return answer;
}

QByteArray TempOrthanc::get(const QString& path, int* status) {
    return request("GET", path, {}, status);
}

QByteArray TempOrthanc::post(const QString& path, const QByteArray& body, int* status) {
    return request("POST", path, body, status);
}

QByteArray TempOrthanc::put(const QString& path, const QByteArray& body, int* status) {
    return request("PUT", path, body, status);
}

bool TempOrthanc::remove(const QString& path) {
    int status = 0;
    request("DELETE", path, {}, &status);
    return status == 200;
}

bool TempOrthanc::addModality(const QString& name, const QString& aeTitle, quint16 port) {
    const QJsonObject modality{{QStringLiteral("AET"), aeTitle},
                               {QStringLiteral("Host"), QStringLiteral("127.0.0.1")},
                               {QStringLiteral("Port"), int(port)}};
    int status = 0;
    put(QStringLiteral("/modalities/") + name, QJsonDocument(modality).toJson(), &status);
    return status == 200;
}

bool TempOrthanc::clear() {
    const QJsonArray patients = QJsonDocument::fromJson(get(QStringLiteral("/patients"))).array();
    bool ok = true;
    for (const auto& id : patients)
        ok = remove(QStringLiteral("/patients/") + id.toString()) && ok;
    return ok;
}

QString TempOrthanc::log() const {
    return QString::fromLocal8Bit(const_cast<QProcess&>(m_process).readAll());
}

}  // namespace boneage::pacs::testing
