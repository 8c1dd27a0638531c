// QIDO-RS, WADO-RS and STOW-RS over Qt Network. Each call runs its own QNetworkAccessManager and event loop
// on the calling thread; a transfer timeout bounds every wait, a cancel aborts the reply.
#include "pacs/DicomWebClient.h"

#include "pacs/IncomingFolder.h"
#include "pacs/MultipartReader.h"

#include "common/Error.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

#include <functional>

namespace boneage::pacs {

struct DicomWebClient::Impl {
    std::string root;
    Timeouts timeouts;
    std::shared_ptr<CancelToken> cancel;

    [[noreturn]] void fail(const std::string& cause) const {
        throw Error(ErrorCode::Network, root,
                    cancel && cancel->cancelled() ? std::string("cancelled") : cause);
    }

    struct Answer {
        int status = 0;
        QByteArray body, contentType;
    };

    /// One HTTP exchange. `onData`, when set, takes the body as it arrives (and the answer's body stays
    /// empty).
    Answer exchange(const QByteArray& verb, const QUrl& url, const QByteArray& accept,
                    const QByteArray& contentType, const QByteArray& body,
                    const std::function<bool(QNetworkReply*)>& onData = {}) {
        if (cancel && cancel->cancelled())
            fail("cancelled");
        QNetworkAccessManager manager;
        QNetworkRequest request(url);
        request.setRawHeader("Accept", accept);
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        request.setTransferTimeout(1000 * std::max(timeouts.connectSeconds, timeouts.dimseSeconds));
        QNetworkReply* reply = manager.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        bool consumerFailed = false;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (onData) {
            QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status >= 200 && status < 300 && !consumerFailed && !onData(reply)) {
                    consumerFailed = true;
                    reply->abort();
                }
            });
        }
        if (cancel)
            cancel->setInterrupt(
                [reply] { QMetaObject::invokeMethod(reply, &QNetworkReply::abort, Qt::QueuedConnection); });
        loop.exec();
        if (cancel)
            cancel->setInterrupt({});
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        const QNetworkReply::NetworkError error = reply->error();
        const QString errorText = reply->errorString();
        if (!onData)
            answer.body = reply->readAll();
        reply->deleteLater();
        if (consumerFailed)
            return answer;  // the consumer knows why
        if (cancel && cancel->cancelled())
            fail("cancelled");
        if (answer.status >= 400 || (answer.status == 0 && error != QNetworkReply::NoError)) {
            switch (error) {
                case QNetworkReply::ConnectionRefusedError:
                    fail("connection refused (nothing listens on that port)");
                case QNetworkReply::HostNotFoundError:
                    fail("unknown host");
                case QNetworkReply::OperationCanceledError:
                case QNetworkReply::TimeoutError:
                    fail("no answer within " +
                         std::to_string(std::max(timeouts.connectSeconds, timeouts.dimseSeconds)) + " s");
                case QNetworkReply::RemoteHostClosedError:
                    fail("the peer closed the connection");
                default:
                    break;
            }
            if (answer.status >= 400)
                fail(verb.toStdString() + " " + url.path().toStdString() + " answered HTTP " +
                     std::to_string(answer.status));
            fail("network failure: " + errorText.toStdString());
        }
        return answer;
    }

    QUrl url(const QString& path) const { return QUrl(QString::fromStdString(root) + path); }
};

namespace {

/// The first value of a DICOM JSON attribute as text ("" when absent); PN gives its Alphabetic group.
std::string value(const QJsonObject& dataset, const char* tag) {
    const QJsonArray values =
        dataset.value(QLatin1String(tag)).toObject().value(QLatin1String("Value")).toArray();
    if (values.isEmpty())
        return {};
    const QJsonValue first = values.first();
    if (first.isObject())
        return first.toObject().value(QLatin1String("Alphabetic")).toString().toStdString();
    if (first.isDouble())
        return std::to_string(qint64(first.toDouble()));
    return first.toString().toStdString();
}

std::vector<std::string> values(const QJsonObject& dataset, const char* tag) {
    std::vector<std::string> out;
    for (const QJsonValue& v :
         dataset.value(QLatin1String(tag)).toObject().value(QLatin1String("Value")).toArray())
        out.push_back(v.toString().toStdString());
    return out;
}

QByteArray boundaryOf(const QByteArray& contentType) {
    for (QByteArray parameter : contentType.split(';')) {
        parameter = parameter.trimmed();
        if (parameter.toLower().startsWith("boundary=")) {
            QByteArray b = parameter.mid(9);
            if (b.startsWith('"') && b.endsWith('"') && b.size() >= 2)
                b = b.mid(1, b.size() - 2);
            return b;
        }
    }
    return {};
}

}  // namespace

DicomWebClient::DicomWebClient(std::string serviceRoot, Timeouts timeouts,
                               std::shared_ptr<CancelToken> cancel)
    : m_impl(std::make_unique<Impl>()) {
    while (!serviceRoot.empty() && serviceRoot.back() == '/')
        serviceRoot.pop_back();
    m_impl->root = std::move(serviceRoot);
    m_impl->timeouts = timeouts;
    m_impl->cancel = std::move(cancel);
    const QUrl url(QString::fromStdString(m_impl->root));
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        throw Error(ErrorCode::Usage, m_impl->root, "a DICOMweb service root is an http or https URL");
}

DicomWebClient::~DicomWebClient() = default;

std::vector<StudyRecord> DicomWebClient::searchStudies(const StudyQuery& query) {
    QUrlQuery keys;
    const auto add = [&keys](const char* key, const std::string& v) {
        if (!v.empty())
            keys.addQueryItem(QLatin1String(key), QString::fromStdString(v));
    };
    add("PatientName", query.patientName);
    add("PatientID", query.patientId);
    if (!query.studyDateFrom.empty() || !query.studyDateTo.empty())
        add("StudyDate", query.studyDateFrom + "-" + query.studyDateTo);
    add("ModalitiesInStudy", query.modality);
    add("AccessionNumber", query.accessionNumber);
    add("StudyInstanceUID", query.studyInstanceUid);
    for (const char* field : {"PatientName", "PatientID", "StudyDate", "AccessionNumber", "StudyDescription",
                              "ModalitiesInStudy", "NumberOfStudyRelatedInstances"})
        keys.addQueryItem(QStringLiteral("includefield"), QLatin1String(field));
    QUrl url = m_impl->url(QStringLiteral("/studies"));
    url.setQuery(keys);
    const Impl::Answer answer = m_impl->exchange("GET", url, "application/dicom+json", {}, {});
    if (answer.status == 204 || answer.body.trimmed().isEmpty())
        return {};
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &parseError);
    if (!document.isArray())
        m_impl->fail("malformed QIDO-RS answer (not a JSON array)");
    std::vector<StudyRecord> studies;
    for (const QJsonValue& entry : document.array()) {
        const QJsonObject ds = entry.toObject();
        StudyRecord s;
        s.patientName = value(ds, "00100010");
        s.patientId = value(ds, "00100020");
        s.studyDate = value(ds, "00080020");
        s.accessionNumber = value(ds, "00080050");
        s.studyDescription = value(ds, "00081030");
        s.studyInstanceUid = value(ds, "0020000D");
        s.modalities = values(ds, "00080061");
        const std::string count = value(ds, "00201208");
        if (!count.empty())
            s.numberOfInstances = std::atoi(count.c_str());
        studies.push_back(std::move(s));
    }
    return studies;
}

RetrieveResult DicomWebClient::retrieveStudy(const std::string& studyInstanceUid, const std::string& outDir) {
    detail::IncomingFolder folder(outDir);
    RetrieveResult result;
    std::unique_ptr<detail::MultipartReader> reader;
    std::string failure;
    const auto discardAll = [&result] {
        for (const std::string& f : result.files)
            detail::IncomingFolder::discard(f);
    };
    const auto onData = [&](QNetworkReply* reply) {
        if (!reader) {
            const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            const QByteArray boundary = boundaryOf(type);
            if (!type.toLower().startsWith("multipart/related") || boundary.isEmpty()) {
                failure = "the WADO-RS answer is not multipart/related";
                return false;
            }
            reader = std::make_unique<detail::MultipartReader>(
                boundary, [&folder] { return folder.createPart(); },
                [&folder, &result](const std::string& part) { result.files.push_back(folder.commit(part)); });
        }
        if (!reader->feed(reply->readAll())) {
            failure = reader->error();
            return false;
        }
        return true;
    };
    const QString uid = QString::fromStdString(studyInstanceUid);
    try {
        m_impl->exchange("GET",
                         m_impl->url(QStringLiteral("/studies/") + QString(QUrl::toPercentEncoding(uid))),
                         "multipart/related; type=\"application/dicom\"", {}, {}, onData);
    } catch (...) {
        discardAll();
        throw;
    }
    if (!failure.empty() || !reader || !reader->finished()) {
        discardAll();
        m_impl->fail(!failure.empty() ? failure : "the WADO-RS answer ended before its closing boundary");
    }
    result.final.completed = int(result.files.size());
    return result;
}

void DicomWebClient::store(const std::vector<std::string>& files) {
    const QByteArray boundary = "boneage-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    QByteArray body;
    for (const std::string& path : files) {
        QFile file(QString::fromStdString(path));
        if (!file.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::BadInput, path, "cannot read the file to send");
        body += "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
        body += file.readAll();
        body += "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    const Impl::Answer answer =
        m_impl->exchange("POST", m_impl->url(QStringLiteral("/studies")), "application/dicom+json",
                         "multipart/related; type=\"application/dicom\"; boundary=" + boundary, body);
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    const QJsonObject response = document.isArray() ? document.array().first().toObject() : document.object();
    const QJsonArray failed =
        response.value(QStringLiteral("00081198")).toObject().value(QStringLiteral("Value")).toArray();
    if (answer.status == 202 || !failed.isEmpty())
        m_impl->fail(std::to_string(failed.size()) + " of " + std::to_string(files.size()) +
                     " objects were not stored (STOW-RS failed SOP sequence)");
}

}  // namespace boneage::pacs
