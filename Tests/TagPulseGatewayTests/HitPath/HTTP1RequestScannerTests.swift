import HTTPTypes
import NIOCore
import Testing

@testable import TagPulseGateway

/// The front's strict request reader: the plain forms are read exactly as the general parser reads them, and
/// everything two parsers could frame differently is declined, never guessed.
@Suite("HTTP1RequestScanner")
struct HTTP1RequestScannerTests {
    let scanner = HTTP1RequestScanner(maximumFieldCount: 10, maximumFieldBytes: 1024)

    func scan(_ text: String) -> HTTP1RequestScanner.Outcome {
        self.scanner.scan(ByteBuffer(string: text))
    }

    func request(_ text: String) -> HTTP1RequestScanner.Request? {
        if case .request(let request) = self.scan(text) { return request }
        return nil
    }

    func isDeclined(_ text: String) -> Bool {
        if case .declined = self.scan(text) { return true }
        return false
    }

    func isIncomplete(_ text: String) -> Bool {
        if case .incomplete = self.scan(text) { return true }
        return false
    }

    @Test func readsAPlainGet() throws {
        let text = "GET /v1/hashtags/a/analysis?x=1 HTTP/1.1\r\nHost: h:1\r\nAuthorization:  Bearer k\r\nAccept-Encoding: gzip\r\n\r\nGET /next"
        let request = try #require(self.request(text))
        #expect(request.hit.method == .get)
        #expect(request.hit.path == "/v1/hashtags/a/analysis?x=1")
        #expect(request.hit.authorization == "Bearer k", "optional whitespace before the value skipped")
        #expect(request.hit.acceptEncoding == "gzip")
        #expect(APIKeyMiddleware.presentedKey(authorization: request.hit.authorization, apiKey: request.hit.apiKey) == "k")
        #expect(!request.hit.isUnusual)
        #expect(request.body == nil)
        #expect(request.length == text.utf8.count - "GET /next".utf8.count)
    }

    @Test func readsAPostWithItsBody() throws {
        let body = #"{"hashtag":"a"}"#
        let text =
            "POST /v1/analyze/hashtag HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)extra"
        let request = try #require(self.request(text))
        #expect(request.hit.method == .post)
        #expect(request.hit.contentType == "application/json" && request.hit.contentLength == "\(body.utf8.count)")
        #expect(request.body.map { String(buffer: $0) } == body)
        #expect(request.length == text.utf8.count - 5)
    }

    @Test func aRequestCutShortIsIncomplete() {
        let head = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n"
        let full = head + "abcd"
        for end in 1..<full.utf8.count {
            let prefix = String(decoding: Array(full.utf8)[..<end], as: UTF8.self)
            if end < head.utf8.count {
                #expect(self.isIncomplete(prefix), "\(prefix.debugDescription)")
            } else if case .incompleteBody(let parsed, let bodyLength, let length) = self.scan(prefix) {
                #expect(parsed.path == "/p" && parsed.method == .post)
                #expect(bodyLength == 4 && length == full.utf8.count)
            } else {
                Issue.record("\(prefix.debugDescription): the head is whole, the body is not")
            }
        }
        #expect(self.request(full) != nil)
    }

    @Test(arguments: [
        "PUT / HTTP/1.1\r\nHost: h\r\n\r\n",
        "get / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: h\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
        "GET / HTTP/1.1\r\n Host: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a \r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: caf\u{e9}\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\na",
        "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nTagPulse-Internal-Hit: 1\r\n\r\n",
        "HEAD / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
        "DELETE /admin/keys/k HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "PATCH / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
        "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
    ])
    func declinesWhatIsNotThePlainForm(_ text: String) {
        #expect(self.isDeclined(text), "\(text.debugDescription)")
    }

    /// `HEAD`, `OPTIONS` and `DELETE` without a body are framed (to be lent, never answered here): a client's `HEAD`
    /// or preflight does not take its connection off the front.
    @Test(arguments: [("HEAD", HTTPRequest.Method.head), ("OPTIONS", .options), ("DELETE", .delete)])
    func framesTheMethodsItLends(_ name: String, _ method: HTTPRequest.Method) throws {
        let text = "\(name) /v1/x HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer k\r\n\r\nGET /next"
        let request = try #require(self.request(text))
        #expect(request.hit.method == method)
        #expect(request.hit.path == "/v1/x")
        #expect(request.body == nil)
        #expect(request.length == text.utf8.count - "GET /next".utf8.count)
        #expect(self.request("\(name) / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n") != nil)
        for cut in 1..<(name.utf8.count + 1) {
            guard case .incomplete = self.scanner.scan(ByteBuffer(string: String(text.prefix(cut)))) else {
                Issue.record("\(text.prefix(cut).debugDescription) is the start of a request")
                return
            }
        }
    }

    @Test func keepAliveIsThePlainForm() {
        #expect(self.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive\r\n\r\n") != nil)
        #expect(self.request("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n") != nil)
    }

    @Test func declinesOverTheListenersFieldLimits() {
        let many = (0..<10).map { "X-\($0): v\r\n" }.joined()
        #expect(self.isDeclined("GET / HTTP/1.1\r\nHost: h\r\n\(many)\r\n"), "11 fields over a cap of 10")
        let long = String(repeating: "v", count: 1100)
        #expect(self.isDeclined("GET / HTTP/1.1\r\nHost: h\r\nX: \(long)\r\n\r\n"))
    }
}

extension HTTP1RequestScannerTests {
    /// Where a string's bytes are (the same storage: the same string, not an equal copy).
    static func storage(_ string: String?) -> UnsafePointer<UInt8>? {
        string?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
    }

    /// A connection's next request takes the last one's strings where its bytes are the same (no new string), and new
    /// strings of its own bytes where they differ by one byte.
    @Test func aRepeatedPathOrValueIsThePreviousRequestsString() throws {
        let path = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5"
        let key = "Bearer tp_f9sjqwtpg0ks_l3IPMSLreAwnzBIZG5vwhHti5KvdjQx62V2EI9NEr7r"
        let head = { (path: String, key: String) in "GET \(path) HTTP/1.1\r\nHost: h\r\nAuthorization: \(key)\r\nAccept-Encoding: gzip\r\n\r\n" }
        let first = try #require(self.request(head(path, key)))
        guard case .request(let again) = self.scanner.scan(ByteBuffer(string: head(path, key)), previous: first.hit) else {
            Issue.record("not read")
            return
        }
        #expect(again.hit == first.hit)
        let (path1, key1) = (try #require(Self.storage(first.hit.path)), try #require(Self.storage(first.hit.authorization)))
        #expect(Self.storage(again.hit.path) == path1, "the same path: the previous string")
        #expect(Self.storage(again.hit.authorization) == key1)
        let otherKey = String(key.dropLast()) + "s"
        let otherPath = String(path.dropLast()) + "6"
        guard case .request(let other) = self.scanner.scan(ByteBuffer(string: head(otherPath, otherKey)), previous: first.hit) else {
            Issue.record("not read")
            return
        }
        #expect(other.hit.path == otherPath && other.hit.authorization == otherKey, "one byte apart: its own bytes")
        #expect(Self.storage(other.hit.path) != path1 && Self.storage(other.hit.authorization) != key1)
        #expect(other.hit.acceptEncoding == "gzip")
    }
}
