import HTTPTypes
import NIOCore

extension ByteBuffer {
    /// Writes `response` as an HTTP/1.1 status line and field block, as NIO's encoder behind the general pipeline
    /// would (``HitFrontHandler`` answers without it). A `Content-Length` (`bodyLength`) is added to a response that
    /// has none (a hit's prepared fields always carry it), except a 1xx, 204 or 304, as the message has no body then.
    mutating func writeHTTP1Head(_ response: HTTPResponse, bodyLength: Int) {
        self.writeHTTP1(estimate: 1024) { head in
            head.writeStatusLine(response.status)
            for field in response.headerFields { head.writeField(field.name, field.value) }
            let code = response.status.code
            if response.headerFields[.contentLength] == nil, code != 204, code != 304, code >= 200 {
                head.writeField(.contentLength, decimal: bodyLength)
            }
            head.write("\r\n")
        }
    }

    /// A ``HitResponse/Prepared``: status line, the fixed field lines as they are, this answer's fields, the end of
    /// the head (the fixed fields carry `Content-Length`), in one write.
    mutating func writeHTTP1Head(_ prepared: HitResponse.Prepared) {
        self.writeHTTP1(estimate: prepared.fixedBytes.readableBytes + Self.varyingHeadEstimate) { head in
            head.writeStatusLine(prepared.status)
            head.write(prepared.fixedBytes)
            switch prepared.own {
            case .fields(let fields):
                for field in fields { head.writeField(field.name, field.value) }
            case .varying(let varying):
                head.writeFields(varying)
            }
            head.write("\r\n")
        }
    }

    /// Room for a hit's status line and own fields with two rate-limit windows (about 600 bytes); a head that needs
    /// more is written again into more.
    static let varyingHeadEstimate = 1024

    /// `Name: value\r\n` for each field, names as given.
    mutating func writeHTTP1Fields(_ fields: HTTPFields) {
        self.writeHTTP1(estimate: 1024) { lines in
            for field in fields { lines.writeField(field.name, field.value) }
        }
    }

    /// Runs `write` over `estimate` writable bytes (at least) reserved at once, and keeps what it wrote; when that was
    /// not enough, writes again into twice as many (``HTTP1HeadWriter``).
    mutating func writeHTTP1(estimate: Int, _ write: (inout HTTP1HeadWriter) -> Void) {
        var capacity = Swift.max(estimate, 64)
        while true {
            var overflowed = false
            self.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { memory in
                var writer = HTTP1HeadWriter(into: memory)
                write(&writer)
                overflowed = writer.overflowed
                return overflowed ? 0 : writer.written
            }
            guard overflowed else { return }
            capacity *= 2
        }
    }

}
