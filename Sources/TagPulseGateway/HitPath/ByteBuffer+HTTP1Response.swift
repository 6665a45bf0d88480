import HTTPTypes
import NIOCore

extension ByteBuffer {
    /// Writes `response` as an HTTP/1.1 status line and field block, as NIO's encoder behind the general pipeline
    /// would (``HitFrontHandler`` answers without it). A `Content-Length` (`bodyLength`) is added to a response that has none (a hit's
    /// prepared fields always carry it), except a 1xx, 204 or 304, as the message has no body then.
    mutating func writeHTTP1Head(_ response: HTTPResponse, bodyLength: Int) {
        self.writeStaticString("HTTP/1.1 ")
        let code = response.status.code
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 100))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code % 10))
        self.writeInteger(UInt8(ascii: " "))
        self.writeString(response.status.reasonPhrase)
        self.writeStaticString("\r\n")
        var hasLength = false
        for field in response.headerFields {
            if field.name == .contentLength { hasLength = true }
            self.writeString(field.name.rawName)
            self.writeStaticString(": ")
            self.writeString(field.value)
            self.writeStaticString("\r\n")
        }
        if !hasLength, code != 204, code != 304, code >= 200 {
            self.writeStaticString("Content-Length: ")
            self.writeString(String(bodyLength))
            self.writeStaticString("\r\n")
        }
        self.writeStaticString("\r\n")
    }
}
