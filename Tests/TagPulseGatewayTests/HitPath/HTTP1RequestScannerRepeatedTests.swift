import NIOCore
import Testing

@testable import TagPulseGateway

/// A connection's repeated head: the same bytes are the same request, compared instead of scanned; any other head is
/// scanned and kept in its place.
@Suite("HTTP1RequestScanner+Repeated")
struct HTTP1RequestScannerRepeatedTests {
    let scanner = HTTP1RequestScanner(maximumFieldCount: 10, maximumFieldBytes: 1024)
    let key = "Bearer tp_f9sjqwtpg0ks_l3IPMSLreAwnzBIZG5vwhHti5KvdjQx62V2EI9NEr7r"

    func get(key: String) -> String {
        "GET /v1/hashtags/skincare/analysis?max_posts=5 HTTP/1.1\r\nHost: h\r\nAuthorization: \(key)\r\nAccept-Encoding: gzip\r\n\r\n"
    }

    let postHead = "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"

    func request(_ outcome: HTTP1RequestScanner.Outcome) -> HTTP1RequestScanner.Request? {
        if case .request(let request) = outcome { return request }
        return nil
    }

    @Test func aRepeatedHeadIsTheLastRequestAgainWithoutAScan() throws {
        var last: ScannedHead?
        let head = self.get(key: self.key)
        let first = try #require(self.request(self.scanner.scan(ByteBuffer(string: head), remembering: &last)))
        #expect(last?.bytes == Array(head.utf8))
        // A scanner allowing one field would decline this head: only a comparison, not a scan, reads it as a request.
        let strict = HTTP1RequestScanner(maximumFieldCount: 1, maximumFieldBytes: 1024)
        #expect(self.request(strict.scan(ByteBuffer(string: head))) == nil)
        let again = try #require(self.request(strict.scan(ByteBuffer(string: head + "GET /next"), remembering: &last)))
        #expect(again.hit == first.hit)
        #expect(again.length == head.utf8.count, "the next request's bytes are not this one's")
        #expect(again.body == nil)
        #expect(HTTP1RequestScannerTests.storage(again.hit.authorization) == HTTP1RequestScannerTests.storage(first.hit.authorization))
    }

    @Test func aRepeatedPostHeadTakesItsOwnBody() throws {
        var last: ScannedHead?
        let first = try #require(self.request(self.scanner.scan(ByteBuffer(string: self.postHead + #"{"hashtag":"aaa"}"#), remembering: &last)))
        #expect(first.body.map { String(buffer: $0) } == #"{"hashtag":"aaa"}"#)
        guard
            case .incompleteBody(let hit, let bodyLength, let length) = self.scanner.scan(ByteBuffer(string: self.postHead + "{"), remembering: &last)
        else {
            Issue.record("not an incomplete body")
            return
        }
        #expect(hit == first.hit && bodyLength == 17 && length == self.postHead.utf8.count + 17)
        let second = try #require(
            self.request(self.scanner.scan(ByteBuffer(string: self.postHead + #"{"hashtag":"bbb"}GET /"#), remembering: &last))
        )
        #expect(second.body.map { String(buffer: $0) } == #"{"hashtag":"bbb"}"#, "the head is the same, the body this request's")
        #expect(second.length == self.postHead.utf8.count + 17)
    }

    @Test func aHeadOneByteApartIsScannedAndKeptInstead() throws {
        var last: ScannedHead?
        _ = try #require(self.request(self.scanner.scan(ByteBuffer(string: self.get(key: self.key)), remembering: &last)))
        let otherKey = String(self.key.dropLast()) + "s"
        let other = try #require(self.request(self.scanner.scan(ByteBuffer(string: self.get(key: otherKey)), remembering: &last)))
        #expect(other.hit.authorization == otherKey)
        #expect(last?.bytes == Array(self.get(key: otherKey).utf8))
        #expect(last?.hit == other.hit)
    }

    @Test func aShorterBufferOrADeclinedHeadLeavesTheLastHeadAlone() throws {
        var last: ScannedHead?
        let head = self.get(key: self.key)
        _ = try #require(self.request(self.scanner.scan(ByteBuffer(string: head), remembering: &last)))
        let kept = last?.bytes
        guard case .incomplete = self.scanner.scan(ByteBuffer(string: String(head.dropLast(3))), remembering: &last) else {
            Issue.record("not incomplete")
            return
        }
        guard case .declined = self.scanner.scan(ByteBuffer(string: "GET / HTTP/1.0\r\n\r\n"), remembering: &last) else {
            Issue.record("not declined")
            return
        }
        #expect(last?.bytes == kept)
    }

    /// An idle connection holds no large head (nor its strings).
    @Test func aLargeHeadIsNotKept() throws {
        var last: ScannedHead?
        _ = try #require(self.request(self.scanner.scan(ByteBuffer(string: self.get(key: self.key)), remembering: &last)))
        let long = "GET /" + String(repeating: "a", count: ScannedHead.maximumBytes) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        let scanner = HTTP1RequestScanner(maximumFieldCount: 10, maximumFieldBytes: 1024)
        _ = try #require(self.request(scanner.scan(ByteBuffer(string: long), remembering: &last)))
        #expect(last == nil)
    }
}
