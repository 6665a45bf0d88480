import Foundation
import NIOCore
import TagPulseTestSupport
import XCTest

extension HitFrontEndToEndTests {
    /// A hot identity body of 32 KiB or more is sent from its file in `/dev/shm` (`sendfile(2)`, decision 0006): the
    /// bytes a hit gets are the bytes the miss got, hit after hit on one connection, and the gateway holds the file
    /// (unlinked) while the entry is hot.
    func testALargeHitIsSentFromItsFileWithTheSameBytesAsTheMiss() async throws {
        let stack = try await self.warmStack([:])
        let large = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5&max_comments_per_post=62"
        let miss = try await self.http.stackRequest(stack.baseURL + large, key: stack.key)
        XCTAssertEqual(miss.status, 200)
        XCTAssertGreaterThan(miss.body.readableBytes, 32 << 10, "large enough for a file")
        let connection = try RawHTTPConnection(port: stack.port)
        let request = "GET \(large) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(stack.key)\r\n\r\n"
        XCTAssertTrue(connection.send(request + request + request))
        self.assertThreeHits(connection, carrying: miss.body)
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 3)
        let pid = try XCTUnwrap(stack.gateway?.processIdentifier)
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        let files = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
        XCTAssertTrue(files.contains { $0.hasPrefix("/dev/shm/tagpulse-hot-") && $0.hasSuffix("(deleted)") }, "\(files)")
    }

    /// The same on a connection the front handed on for good (a field value outside ASCII, which it does not frame):
    /// the codecs' path (`HitPathHandler`) sends the file below the HTTP/1 codec, between the head and the end it writes
    /// through the whole pipeline, and pipelined hits still carry the miss's bytes, in order.
    func testALargeHitOnAHandedOnConnectionCarriesTheSameBytes() async throws {
        let stack = try await self.warmStack([:])
        let large = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5&max_comments_per_post=62"
        let miss = try await self.http.stackRequest(stack.baseURL + large, key: stack.key)
        XCTAssertEqual(miss.status, 200)
        let connection = try RawHTTPConnection(port: stack.port)
        let plain = "GET \(large) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(stack.key)\r\n\r\n"
        let handedOn = "GET \(large) HTTP/1.1\r\nHost: x\r\nX-Note: caf\u{e9}\r\nAuthorization: Bearer \(stack.key)\r\n\r\n"
        XCTAssertTrue(connection.send(handedOn + plain + plain))
        self.assertThreeHits(connection, carrying: miss.body)
        XCTAssertEqual(self.accessLines(stack, handler: "event-loop"), 3, "answered on the codecs' path")
    }

    /// The file is a large hot body's only copy: a hit the general pipeline's router answers (a request with a
    /// directive goes there) carries the miss's bytes too. (That they came from the file and not from the stored entry
    /// the router falls back to is shown by the unit tests of `HotBodyFile.read()` and `HotEntry`.)
    func testARouterHitOfALargeEntryCarriesTheMissesBytes() async throws {
        let stack = try await self.warmStack([:])
        let large = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%3F&max_posts=5&max_comments_per_post=62"
        let miss = try await self.http.stackRequest(stack.baseURL + large, key: stack.key)
        XCTAssertEqual(miss.status, 200)
        for _ in 0..<2 {
            let hit = try await self.http.stackRequest(stack.baseURL + large, key: stack.key, headers: [("Cache-Control", "max-age=600")])
            XCTAssertEqual(hit.status, 200)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status").map { $0.hasPrefix("TagPulse; hit") }, true, "\(hit.headers)")
            XCTAssertEqual(hit.body, miss.body, "the bytes read back from the file are the entry's")
        }
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 0, "the router answered, not the front")
    }

    /// Three answers on `connection`: each a 200 hit whose body is `body`, byte for byte.
    private func assertThreeHits(_ connection: RawHTTPConnection, carrying body: ByteBuffer, line: UInt = #line) {
        let hits = self.responses(connection, count: 3, seconds: 20)
        XCTAssertEqual(hits.map(\.status), [200, 200, 200], line: line)
        for hit in hits {
            XCTAssertTrue(hit.head.contains("Cache-Status: TagPulse; hit"), hit.head, line: line)
            XCTAssertTrue(hit.body == String(buffer: body), "the file's bytes are the entry's", line: line)
        }
    }
}
