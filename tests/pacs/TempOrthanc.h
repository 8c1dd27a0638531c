#pragma once
// A real Orthanc for the PACS tests: started on free loopback ports with a temporary configuration and
// storage, its DICOMweb plugin loaded, stopped (and its folder removed) by the destructor.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace boneage::pacs::testing {

class TempOrthanc {
public:
    static constexpr const char* kAeTitle = "ORTHANC";

    /// Writes the configuration and starts Orthanc; check ready() (QTRY_VERIFY) before use.
    TempOrthanc();
    ~TempOrthanc();

    /// Whether its REST API answers.
    bool ready();
    /// Stops it (the fault tests' "Orthanc stopped"). Its ports then refuse connections.
    void stop();
    /// Kills it at once (SIGKILL), as a crash or a power cut would, in the middle of whatever it does.
    void kill();

    quint16 dicomPort() const { return m_dicomPort; }
    quint16 httpPort() const { return m_httpPort; }
    /// "ORTHANC@127.0.0.1:<dicom port>".
    QString peer() const;
    QString dicomWebRoot() const;

    /// REST calls; return the body, or a null QByteArray on failure (with `status` set when answered).
    QByteArray get(const QString& path, int* status = nullptr);
    QByteArray post(const QString& path, const QByteArray& body, int* status = nullptr);
    QByteArray put(const QString& path, const QByteArray& body, int* status = nullptr);
    bool remove(const QString& path);

    /// Declares a modality (AE title, loopback, port) under `name`, at run time.
    bool addModality(const QString& name, const QString& aeTitle, quint16 port);
    /// Deletes every patient (a clean archive between tests).
    bool clear();
    /// Log of the server, for failure messages.
    QString log() const;

private:
    QByteArray request(const QByteArray& verb, const QString& path, const QByteArray& body, int* status);
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_httpPort = 0, m_dicomPort = 0;
};

/// A loopback port nothing listens on at the moment of the call.
quint16 freePort();

}  // namespace boneage::pacs::testing
