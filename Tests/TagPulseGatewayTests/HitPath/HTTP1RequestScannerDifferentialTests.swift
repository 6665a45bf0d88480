import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TagPulseTestSupport
import Testing

@testable import TagPulseGateway

/// The front's reader against the general pipeline's (NIO's llhttp decoder) on thousands of seeded mutations of hit
/// requests: whenever the scanner takes a request, llhttp must read the same bytes as the same request (method,
/// target, fields, body) ending at the same byte, so no request can be framed differently by the two (no smuggling
/// between them). What the scanner declines or finds incomplete goes to llhttp anyway and is not compared.
@Suite("HTTP1RequestScanner against llhttp")
struct HTTP1RequestScannerDifferentialTests {
    static let bases = [
        "GET /v1/hashtags/skincare/analysis?prompt=price&max_posts=3 HTTP/1.1\r\nHost: gw:8080\r\nAuthorization: Bearer k1\r\nAccept-Encoding: gzip\r\n\r\n",
        "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 17\r\nX-API-Key: k2\r\n\r\n{\"hashtag\":\"abc\"}",
        // Framed only to be lent (no body): the general pipeline must still read them as the scanner did.
        "HEAD /v1/hashtags/skincare/analysis HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer k3\r\n\r\n",
        "OPTIONS /v1/analyze/hashtag HTTP/1.1\r\nHost: gw\r\nOrigin: https://a.example\r\n\r\n",
        "DELETE /admin/keys/k HTTP/1.1\r\nHost: gw\r\nX-API-Key: k4\r\nContent-Length: 0\r\n\r\n",
    ]
    static let bytes: [UInt8] = Array(" \t\r\n:;,\0\u{7F}aA0/?#%-".utf8) + [0x80, 0xFF, 0x0B, 0x0C]
    static let lines = [
        "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", "Content-Length: 0\r\n", " folded\r\n", "Connection: close\r\n",
        "Host: other\r\n", "Content-Length: 17\r\n", "X: y\r\n", "Connection: keep-alive\r\n", "Expect: 100-continue\r\n",
        "Transfer-Encoding: identity\r\n", "\r\n",
    ]

    static func mutate(_ text: String, _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let at = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where at < bytes.count: bytes[at] = Self.bytes.randomElement(using: &random)!
            case 1: bytes.insert(Self.bytes.randomElement(using: &random)!, at: at)
            case 2 where at < bytes.count: bytes.remove(at: at)
            default:
                // A whole line, at the start of some line of the head.
                let starts = bytes.indices.filter { $0 > 0 && bytes[$0 - 1] == UInt8(ascii: "\n") }
                let start = starts.randomElement(using: &random) ?? at
                bytes.insert(contentsOf: Array(Self.lines.randomElement(using: &random)!.utf8), at: start)
            }
        }
        return bytes
    }

    /// llhttp's reading of `bytes`: the first request's head and body, and whether its end arrived; nil if it
    /// refused them before the first request ended.
    static func llhttp(_ bytes: [UInt8]) -> (head: HTTPRequestHead, body: [UInt8], ended: Bool)? {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
        defer { _ = try? channel.finish() }
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            // Parts read before the error still count: a refusal after the first request ended is not about it.
        }
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let h):
                guard head == nil else { return (head!, body, false) }
                head = h
            case .body(let b):
                body += b.readableBytesView
            case .end:
                return head.map { ($0, body, true) }
            }
        }
        return head.map { ($0, body, false) }
    }

    @Test func whatTheScannerTakesLlhttpReadsTheSame() throws {
        let scanner = HTTP1RequestScanner(maximumFieldCount: 100, maximumFieldBytes: 16 << 10)
        var random = SeededGenerator(seed: 20_261_205)
        var taken = 0
        for number in 0..<4000 {
            let base = Self.bases[number % Self.bases.count]
            let bytes = Self.mutate(base, &random) + Array("GET /next HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
            guard case .request(let request) = scanner.scan(ByteBuffer(bytes: bytes)) else { continue }
            taken += 1
            let label = "case \(number): \(String(decoding: bytes, as: UTF8.self).debugDescription)"
            let alone = try #require(Self.llhttp(Array(bytes[..<request.length])), "llhttp refused what the scanner took, \(label)")
            let whole = try #require(Self.llhttp(bytes), "llhttp refused the stream, \(label)")
            #expect(alone.ended, "llhttp needs more bytes than the scanner took, \(label)")
            for reading in [alone, whole] {
                #expect(reading.head.version == .http1_1, "\(label)")
                #expect(reading.head.headers["Host"].count == 1, "\(label)")
                // What the hit path reads of llhttp's reading, as `HitRequest.init(_:)` takes it from the codecs' head.
                var theirs = HitRequest(method: .init(reading.head.method.rawValue)!, path: reading.head.uri)
                for (name, value) in reading.head.headers {
                    if let name = HTTPField.Name(name) { theirs.add(name, value) }
                }
                #expect(theirs == request.hit, "\(label)")
                #expect(reading.body == Array(request.body?.readableBytesView ?? ByteBuffer().readableBytesView), "\(label)")
            }
            #expect(whole.ended, "the first request ends at the same byte for both, \(label)")
        }
        #expect(taken > 200, "enough mutations are taken to compare (\(taken))")
    }
}
