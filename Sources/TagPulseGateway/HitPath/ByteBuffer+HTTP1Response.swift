import HTTPTypes
import NIOCore

extension ByteBuffer {
    /// Writes `response` as an HTTP/1.1 status line and field block, as NIO's encoder behind the general pipeline
    /// would (``HitFrontHandler`` answers without it). A `Content-Length` (`bodyLength`) is added to a response that
    /// has none (a hit's prepared fields always carry it), except a 1xx, 204 or 304, as the message has no body then.
    mutating func writeHTTP1Head(_ response: HTTPResponse, bodyLength: Int) {
        self.writeHTTP1StatusLine(response.status)
        self.writeHTTP1Fields(response.headerFields)
        let code = response.status.code
        if response.headerFields[.contentLength] == nil, code != 204, code != 304, code >= 200 {
            self.writeStaticString("Content-Length: ")
            self.writeString(String(bodyLength))
            self.writeStaticString("\r\n")
        }
        self.writeStaticString("\r\n")
    }

    /// A ``HitResponse/Prepared``: status line, the fixed field lines as they are, this answer's fields, the end of
    /// the head (the fixed fields carry `Content-Length`).
    mutating func writeHTTP1Head(_ prepared: HitResponse.Prepared) {
        self.writeHTTP1StatusLine(prepared.status)
        self.writeImmutableBuffer(prepared.fixedBytes)
        self.writeHTTP1Fields(prepared.fields)
        self.writeStaticString("\r\n")
    }

    mutating func writeHTTP1StatusLine(_ status: HTTPResponse.Status) {
        self.writeStaticString("HTTP/1.1 ")
        let code = status.code
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 100))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code % 10))
        self.writeInteger(UInt8(ascii: " "))
        self.writeString(status.reasonPhrase)
        self.writeStaticString("\r\n")
    }

    /// `Name: value\r\n` for each field, names as given.
    mutating func writeHTTP1Fields(_ fields: HTTPFields) {
        for field in fields {
            self.writeString(field.name.rawName)
            self.writeStaticString(": ")
            self.writeString(field.value)
            self.writeStaticString("\r\n")
        }
    }
}
