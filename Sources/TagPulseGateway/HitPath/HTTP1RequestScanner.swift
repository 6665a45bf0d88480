import HTTPTypes
import NIOCore

/// Reads one HTTP/1.1 request from raw bytes for ``HitFrontHandler``, strictly: only the plain form a cache hit
/// takes, and nothing a general HTTP/1 parser (llhttp, behind the front) could read differently.
///
/// Accepted: `GET` or `POST` (the hits), or `HEAD`, `OPTIONS` or `DELETE` (framed only to be lent to the general
/// pipeline, so a client's `HEAD` or preflight does not take its connection off the front for good), an origin-form
/// target of visible ASCII, `HTTP/1.1`, CRLF line ends, token field names right before their colon, field values of
/// visible ASCII, space and tab (no trailing space or tab), exactly one `Host`, at most one `Content-Length` of digits
/// (a POST must have one; for the other methods it is `0` or absent: no body), no
/// `Transfer-Encoding`, `Expect`, `Upgrade` or `TE`, and `Connection` only as `keep-alive`. Anything else is
/// ``Outcome/declined`` and the front hands the bytes, untouched, to the general pipeline, which reads and answers
/// it as it always did. So the front never consumes bytes whose framing two parsers could disagree on (no request
/// smuggling between them), and it adds no error of its own: every refusal is the general pipeline's.
struct HTTP1RequestScanner {
    /// A request the front may answer: what the hit path reads of it (the same values ``HitRequest/init(_:)`` takes
    /// from the head the general pipeline would have built), its body (POST), and how many bytes it took.
    struct Request {
        var hit: HitRequest
        var body: ByteBuffer?
        var length: Int
    }

    enum Outcome {
        case request(Request)
        /// The bytes end inside the request's head.
        case incomplete
        /// The head is whole and plain, the bytes end inside its body: `hit` as in ``Request``, `bodyLength` its
        /// `Content-Length`, `length` how many bytes the whole request takes.
        case incompleteBody(hit: HitRequest, bodyLength: Int, length: Int)
        /// Not the plain form: for the general pipeline.
        case declined
    }

    static let host = HTTPField.Name("Host")!

    /// Most fields, and most bytes of name + value + 4 per field (the listener's `http.max_header_*` limits: over
    /// them, the general pipeline answers 431).
    var maximumFieldCount: Int
    var maximumFieldBytes: Int
    /// Most bytes of the request line (longer: declined).
    var maximumTargetBytes = 8 << 10

    /// Most bytes a plain head can take: the request line, the fields within ``maximumFieldBytes`` (with a little
    /// optional white space each) and the empty line. A head still incomplete past this is not one the front reads.
    var maximumHeadBytes: Int {
        self.maximumTargetBytes + 16 + self.maximumFieldBytes + 2 * self.maximumFieldCount + 2
    }

    /// The request at the start of `buffer`. The path and each value the hit path reads that has the same bytes as in
    /// `previous` (the connection's last request) is `previous`'s string again, not a new one: a client's requests on
    /// one connection mostly repeat their path and key, and a new string per value was an allocation, a copy and a
    /// UTF-8 check each (compared in constant time: the value may be a key).
    func scan(_ buffer: ByteBuffer, previous: HitRequest? = nil) -> Outcome {
        buffer.withUnsafeReadableBytes { bytes in self.scan(bytes, buffer: buffer, previous: previous) }
    }

    private func scan(_ bytes: UnsafeRawBufferPointer, buffer: ByteBuffer, previous: HitRequest?) -> Outcome {
        var reader = Reader(bytes: bytes)
        // Request line.
        let method: HTTPRequest.Method
        if reader.skip("GET ") {
            method = .get
        } else if reader.skip("POST ") {
            method = .post
        } else if reader.skip("HEAD ") {
            method = .head
        } else if reader.skip("OPTIONS ") {
            method = .options
        } else if reader.skip("DELETE ") {
            method = .delete
        } else {
            return reader.isPrefixOfAny(["GET ", "POST ", "HEAD ", "OPTIONS ", "DELETE "]) ? .incomplete : .declined
        }
        let targetStart = reader.index
        while let byte = reader.peek(), byte != UInt8(ascii: " ") {
            guard byte > 0x20, byte < 0x7F, reader.index - targetStart < self.maximumTargetBytes else { return .declined }
            reader.index += 1
        }
        guard reader.index < bytes.count else { return .incomplete }
        let target = targetStart..<reader.index
        guard !target.isEmpty, bytes[targetStart] == UInt8(ascii: "/") else { return .declined }
        reader.index += 1
        switch reader.expect("HTTP/1.1\r\n") {
        case .some(true): break
        case .some(false): return .declined
        case .none: return .incomplete
        }
        // Fields: checked one by one; a value is made only for those the hit path reads.
        var hit = HitRequest(method: method, path: Self.string(UnsafeRawBufferPointer(rebasing: bytes[target]), reusing: previous?.path))
        var hosts = 0
        var contentLength: Int?
        var fieldBytes = 0
        var count = 0
        while true {
            guard let first = reader.peek() else { return .incomplete }
            if first == UInt8(ascii: "\r") {
                switch reader.expect("\r\n") {
                case .some(true): break
                case .some(false): return .declined
                case .none: return .incomplete
                }
                break
            }
            let nameStart = reader.index
            while let byte = reader.peek(), byte != UInt8(ascii: ":") {
                guard Self.isTokenByte(byte) else { return .declined }
                reader.index += 1
            }
            guard reader.index < bytes.count else { return .incomplete }
            let name = nameStart..<reader.index
            guard !name.isEmpty else { return .declined }
            reader.index += 1
            while let byte = reader.peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { reader.index += 1 }
            let valueStart = reader.index
            while let byte = reader.peek(), byte != UInt8(ascii: "\r") {
                guard (byte >= 0x20 && byte < 0x7F) || byte == UInt8(ascii: "\t") else { return .declined }
                reader.index += 1
            }
            let valueEnd = reader.index
            switch reader.expect("\r\n") {
            case .some(true): break
            case .some(false): return .declined
            case .none: return .incomplete
            }
            // Trailing whitespace: parsers differ on whether it is part of the value.
            if valueEnd > valueStart, bytes[valueEnd - 1] == UInt8(ascii: " ") || bytes[valueEnd - 1] == UInt8(ascii: "\t") {
                return .declined
            }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            count += 1
            fieldBytes += name.count + value.count + 4
            guard count <= self.maximumFieldCount, fieldBytes <= self.maximumFieldBytes else { return .declined }
            switch Self.known(UnsafeRawBufferPointer(rebasing: bytes[name])) {
            case .none:
                continue
            case .host:
                hosts += 1
                guard hosts == 1 else { return .declined }
            case .contentLength:
                guard contentLength == nil, let length = Self.decimal(value) else { return .declined }
                contentLength = length
                hit.set(.contentLength, String(decoding: value, as: UTF8.self))
            case .declines:
                return .declined
            case .connection:
                guard value.count == 10, Self.isKeepAlive(value) else { return .declined }
            case .read(let field):
                hit.set(field, Self.string(value, reusing: previous?.value(field)))
            }
        }
        guard hosts == 1 else { return .declined }
        var body: ByteBuffer?
        switch method {
        case .post:
            guard let contentLength else { return .declined }
            guard bytes.count - reader.index >= contentLength else {
                return .incompleteBody(hit: hit, bodyLength: contentLength, length: reader.index + contentLength)
            }
            body = buffer.getSlice(at: buffer.readerIndex + reader.index, length: contentLength)
            reader.index += contentLength
        default:
            // GET and the methods the front only lends: no body.
            guard (contentLength ?? 0) == 0 else { return .declined }
        }
        return .request(Request(hit: hit, body: body, length: reader.index))
    }

    /// What the scanner does with a field of a given name.
    private enum Known {
        case host, contentLength, connection
        /// A field the front leaves to the general pipeline (framing it could read differently, the internal hand-off).
        case declines
        /// A field the hit path reads.
        case read(HitRequest.Field)
    }

    /// Every name the scanner acts on, lower-case, with what it does (any other field is checked and skipped).
    private static let knownNames: [(name: [UInt8], known: Known)] = {
        var names: [(HTTPField.Name, Known)] = [
            (host, .host), (.contentLength, .contentLength), (.connection, .connection), (.transferEncoding, .declines),
            (.expect, .declines), (.upgrade, .declines), (.te, .declines), (HitHandoff.field, .declines),
        ]
        for field in HitRequest.Field.allCases where field != .contentLength {
            names += field.names.map { ($0, .read(field)) }
        }
        return names.map { (Array($0.0.canonicalName.utf8), $0.1) }
    }()

    /// The known name `raw` is (ASCII case-insensitive), without building a string.
    private static func known(_ raw: UnsafeRawBufferPointer) -> Known? {
        search: for (name, known) in Self.knownNames where name.count == raw.count {
            for (byte, expected) in zip(raw, name) where byte | 0x20 != expected {
                continue search
            }
            return known
        }
        return nil
    }

    /// `keep-alive`, in any case.
    /// `previous` when it is exactly `bytes`, else a new string of them.
    private static func string(_ bytes: UnsafeRawBufferPointer, reusing previous: String?) -> String {
        if let previous, ConstantTimeBytes.same(bytes, previous) { return previous }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isKeepAlive(_ value: UnsafeRawBufferPointer) -> Bool {
        zip(value, "keep-alive".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// A `Content-Length` value: 1 to 9 ASCII digits.
    private static func decimal(_ value: UnsafeRawBufferPointer) -> Int? {
        guard (1...9).contains(value.count) else { return nil }
        var result = 0
        for byte in value {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A cursor over the request's bytes.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        func peek() -> UInt8? {
            self.index < self.bytes.count ? self.bytes[self.index] : nil
        }

        /// Consumes `literal` if the bytes start with it here.
        mutating func skip(_ literal: StaticString) -> Bool {
            self.expect(literal) == true
        }

        /// true: `literal` was here and is consumed; false: something else is; nil: the bytes end first.
        mutating func expect(_ literal: StaticString) -> Bool? {
            let count = literal.utf8CodeUnitCount
            let available = min(count, self.bytes.count - self.index)
            for offset in 0..<available where self.bytes[self.index + offset] != literal.utf8Start[offset] {
                return false
            }
            guard available == count else { return nil }
            self.index += count
            return true
        }

        /// The bytes so far could still become one of `literals`.
        func isPrefixOfAny(_ literals: [StaticString]) -> Bool {
            literals.contains { literal in
                var copy = self
                return copy.expect(literal) == nil
            }
        }
    }
}
