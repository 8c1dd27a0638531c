#include "report/PdfSyntax.h"

#include <QList>
#include <QString>

#include "common/Error.h"

namespace boneage::report::detail {

namespace {

bool isWhite(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool isDelimiter(char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '/' || c == '%';
}

[[noreturn]] void broken(const std::string& cause) {
    throw Error(ErrorCode::Internal, "PDF", cause);
}

}  // namespace

PdfToken PdfTokenizer::next() {
    const qsizetype n = m_data.size();
    for (;;) {
        while (m_pos < n && isWhite(m_data[m_pos]))
            ++m_pos;
        if (m_pos < n && m_data[m_pos] == '%') {
            while (m_pos < n && m_data[m_pos] != '\n' && m_data[m_pos] != '\r')
                ++m_pos;
            continue;
        }
        break;
    }
    PdfToken token;
    token.begin = m_pos;
    if (m_pos >= n) {
        token.end = m_pos;
        return token;
    }
    const char c = m_data[m_pos];
    if (c == '/') {
        ++m_pos;
        while (m_pos < n && !isWhite(m_data[m_pos]) && !isDelimiter(m_data[m_pos]))
            ++m_pos;
        token.kind = PdfToken::Kind::Name;
    } else if (c == '[' || c == '{') {
        ++m_pos;
        token.kind = PdfToken::Kind::Open;
    } else if (c == ']' || c == '}') {
        ++m_pos;
        token.kind = PdfToken::Kind::Close;
    } else if (c == '<' && m_pos + 1 < n && m_data[m_pos + 1] == '<') {
        m_pos += 2;
        token.kind = PdfToken::Kind::Open;
    } else if (c == '>' && m_pos + 1 < n && m_data[m_pos + 1] == '>') {
        m_pos += 2;
        token.kind = PdfToken::Kind::Close;
    } else if (c == '<') {
        const qsizetype close = m_data.indexOf('>', m_pos);
        if (close < 0)
            broken("a hex string runs past the end of the file");
        m_pos = close + 1;
        token.kind = PdfToken::Kind::String;
    } else if (c == '(') {
        int depth = 0;
        for (; m_pos < n; ++m_pos) {
            const char s = m_data[m_pos];
            if (s == '\\') {
                ++m_pos;
            } else if (s == '(') {
                ++depth;
            } else if (s == ')' && --depth == 0) {
                break;
            }
        }
        if (m_pos >= n)
            broken("a string runs past the end of the file");
        ++m_pos;
        token.kind = PdfToken::Kind::String;
    } else if (c == ')' || c == '>') {
        broken("an unbalanced delimiter");
    } else {
        const bool number = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        while (m_pos < n && !isWhite(m_data[m_pos]) && !isDelimiter(m_data[m_pos]))
            ++m_pos;
        token.kind = number ? PdfToken::Kind::Number : PdfToken::Kind::Keyword;
    }
    token.end = m_pos;
    return token;
}

qsizetype PdfTokenizer::skipValue() {
    const PdfToken first = next();
    if (first.kind == PdfToken::Kind::End)
        broken("a value is missing at the end of the file");
    if (first.kind == PdfToken::Kind::Open) {
        int depth = 1;
        while (depth > 0) {
            const PdfToken t = next();
            if (t.kind == PdfToken::Kind::End)
                broken("a dictionary or array is not closed");
            if (t.kind == PdfToken::Kind::Open)
                ++depth;
            else if (t.kind == PdfToken::Kind::Close)
                --depth;
        }
        return m_pos;
    }
    if (first.kind == PdfToken::Kind::Close)
        broken("an unbalanced delimiter");
    if (first.kind == PdfToken::Kind::Number) {
        // "n g R" is one value.
        const qsizetype after = m_pos;
        const PdfToken second = next();
        if (second.kind == PdfToken::Kind::Number) {
            const PdfToken third = next();
            if (third.kind == PdfToken::Kind::Keyword &&
                m_data.mid(third.begin, third.end - third.begin) == "R")
                return m_pos;
        }
        m_pos = after;
    }
    return first.end;
}

std::optional<QByteArray> dictionaryValue(const QByteArray& data, qsizetype dictBegin, const char* key) {
    PdfTokenizer tokens(data, dictBegin);
    const PdfToken open = tokens.next();
    if (open.kind != PdfToken::Kind::Open || data.mid(open.begin, 2) != "<<")
        broken("a dictionary was expected");
    const QByteArray wanted = QByteArray("/") + key;
    for (;;) {
        const PdfToken name = tokens.next();
        if (name.kind == PdfToken::Kind::Close)
            return std::nullopt;
        if (name.kind != PdfToken::Kind::Name)
            broken("a dictionary key is not a name");
        const qsizetype valueBegin = tokens.position();
        const qsizetype valueEnd = tokens.skipValue();
        if (data.mid(name.begin, name.end - name.begin) == wanted)
            return data.mid(valueBegin, valueEnd - valueBegin).trimmed();
    }
}

std::optional<int> referenceNumber(const QByteArray& value) {
    const QList<QByteArray> parts = value.simplified().split(' ');
    if (parts.size() != 3 || parts[2] != "R")
        return std::nullopt;
    bool ok = false;
    const int number = parts[0].toInt(&ok);
    if (!ok || number <= 0)
        return std::nullopt;
    return number;
}

PdfXref readXref(const QByteArray& pdf) {
    PdfXref xref;
    const qsizetype marker = pdf.lastIndexOf("startxref");
    if (marker < 0)
        broken("no startxref");
    PdfTokenizer tail(pdf, marker + 9);
    const PdfToken offsetToken = tail.next();
    bool ok = false;
    xref.startxref = pdf.mid(offsetToken.begin, offsetToken.end - offsetToken.begin).toLongLong(&ok);
    if (!ok || xref.startxref <= 0 || xref.startxref >= marker)
        broken("startxref does not point into the file");
    PdfTokenizer tokens(pdf, xref.startxref);
    const PdfToken keyword = tokens.next();
    if (pdf.mid(keyword.begin, keyword.end - keyword.begin) != "xref")
        broken("not a classic cross-reference table");
    for (;;) {
        const PdfToken first = tokens.next();
        const QByteArray word = pdf.mid(first.begin, first.end - first.begin);
        if (word == "trailer")
            break;
        const PdfToken count = tokens.next();
        const int start = word.toInt(&ok);
        const int entries = ok ? pdf.mid(count.begin, count.end - count.begin).toInt(&ok) : 0;
        if (!ok || start < 0 || entries < 0 || entries > 1000000)
            broken("a damaged cross-reference subsection");
        for (int i = 0; i < entries; ++i) {
            const PdfToken offset = tokens.next(), generation = tokens.next(), type = tokens.next();
            const QByteArray kind = pdf.mid(type.begin, type.end - type.begin);
            if (kind == "n") {
                const qsizetype at = pdf.mid(offset.begin, offset.end - offset.begin).toLongLong(&ok);
                if (!ok || at <= 0 || at >= pdf.size() ||
                    pdf.mid(generation.begin, generation.end - generation.begin) != "00000")
                    broken("a damaged cross-reference entry");
                xref.offsets[start + i] = at;
            } else if (kind != "f") {
                broken("a damaged cross-reference entry");
            }
        }
    }
    const qsizetype trailer = tokens.position();
    PdfTokenizer dict(pdf, trailer);
    const qsizetype dictBegin = dict.next().begin;
    if (dictionaryValue(pdf, dictBegin, "Prev") || dictionaryValue(pdf, dictBegin, "Encrypt") ||
        dictionaryValue(pdf, dictBegin, "XRefStm"))
        broken("the file has several revisions or is encrypted");
    const auto size = dictionaryValue(pdf, dictBegin, "Size");
    const auto root = dictionaryValue(pdf, dictBegin, "Root");
    xref.size = size ? size->toInt(&ok) : 0;
    const auto rootNumber = root ? referenceNumber(*root) : std::nullopt;
    if (!ok || xref.size <= 0 || !rootNumber)
        broken("the trailer has no /Size or /Root");
    xref.root = *rootNumber;
    xref.info = dictionaryValue(pdf, dictBegin, "Info");
    xref.id = dictionaryValue(pdf, dictBegin, "ID");
    return xref;
}

std::pair<qsizetype, qsizetype> objectValue(const QByteArray& pdf, const PdfXref& xref, int number) {
    const auto found = xref.offsets.find(number);
    if (found == xref.offsets.end())
        broken("object " + std::to_string(number) + " is not in the cross-reference table");
    PdfTokenizer tokens(pdf, found->second);
    const PdfToken n = tokens.next(), g = tokens.next(), obj = tokens.next();
    if (pdf.mid(n.begin, n.end - n.begin) != QByteArray::number(number) ||
        pdf.mid(g.begin, g.end - g.begin) != "0" || pdf.mid(obj.begin, obj.end - obj.begin) != "obj")
        broken("object " + std::to_string(number) + " is not where the cross-reference table says");
    PdfTokenizer value(pdf, tokens.position());
    const qsizetype begin = value.next().begin;
    PdfTokenizer again(pdf, begin);
    const qsizetype end = again.skipValue();
    return {begin, end};
}

QByteArray pdfTextString(const QString& text) {
    QByteArray hex("<FEFF");
    for (const QChar c : text) {
        hex += QByteArray::number(c.unicode() | 0x10000, 16).mid(1).toUpper();
    }
    hex += '>';
    return hex;
}

}  // namespace boneage::report::detail
