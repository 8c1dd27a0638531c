#pragma once
// Internal to boneage_report: the little of PDF syntax (ISO 32000-1, 7.2-7.5) that signing and verifying a
// report needs. The signer reads only the PDF it has just rendered with Qt (a classic cross-reference table,
// one revision, no encryption) and refuses anything else; the verifier uses the tokenizer on untrusted bytes,
// so every function here bounds its reads by the buffer and throws instead of guessing.

#include <QByteArray>
#include <map>
#include <optional>
#include <string>

namespace boneage::report::detail {

/// A PDF token: a name (/Type), a number, a keyword (R, obj, true), a delimiter ([ ] << >>), a literal or hex
/// string (the whole token including its delimiters).
struct PdfToken {
    enum class Kind { Name, Number, Keyword, Open, Close, String, End };
    Kind kind = Kind::End;
    qsizetype begin = 0, end = 0;  ///< [begin, end) in the buffer
};

/// Reads tokens from a buffer, skipping whitespace and comments. Throws Error(Internal, "PDF", ...) on a
/// string or name that runs past the end, so callers turn that into their own failure.
class PdfTokenizer {
public:
    PdfTokenizer(const QByteArray& data, qsizetype position) : m_data(data), m_pos(position) {}
    PdfToken next();
    qsizetype position() const { return m_pos; }
    /// The end of the value that starts at the next token: a whole dictionary or array (nesting followed), a
    /// reference "n g R", or a single token.
    qsizetype skipValue();

private:
    const QByteArray& m_data;
    qsizetype m_pos;
};

/// A top-level entry of the dictionary whose "<<" is at `dictBegin`: the value's bytes, trimmed; nullopt
/// when the key is absent.
std::optional<QByteArray> dictionaryValue(const QByteArray& data, qsizetype dictBegin, const char* key);

/// "12 0 R" -> 12; nullopt for anything else.
std::optional<int> referenceNumber(const QByteArray& value);

/// The classic cross-reference of a one-revision PDF.
struct PdfXref {
    qsizetype startxref = 0;
    std::map<int, qsizetype> offsets;    ///< object number -> offset of "n 0 obj"
    int size = 0;                        ///< trailer /Size
    int root = 0;                        ///< trailer /Root object number
    std::optional<QByteArray> info, id;  ///< trailer /Info and /ID values as written
};

/// Parses the last cross-reference table and trailer. Throws Error(Internal) for a cross-reference stream,
/// an encrypted or multi-revision file, or a damaged table.
PdfXref readXref(const QByteArray& pdf);

/// The [begin, end) span of object `number`'s value (after "n 0 obj"). Throws Error(Internal) when missing.
std::pair<qsizetype, qsizetype> objectValue(const QByteArray& pdf, const PdfXref& xref, int number);

/// A PDF text string of any Unicode text: <FEFF...> (UTF-16BE, hex), so nothing needs escaping.
QByteArray pdfTextString(const QString& text);

}  // namespace boneage::report::detail
