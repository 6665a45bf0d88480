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
        let hits = self.responses(connection, count: 3, seconds: 20)
        XCTAssertEqual(hits.map(\.status), [200, 200, 200])
        for hit in hits {
            XCTAssertTrue(hit.head.contains("Cache-Status: TagPulse; hit"), hit.head)
            XCTAssertTrue(hit.body == String(buffer: miss.body), "the file's bytes are the entry's")
        }
        XCTAssertEqual(self.accessLines(stack, handler: "front"), 3)
        let pid = try XCTUnwrap(stack.gateway?.processIdentifier)
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        let files = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
        XCTAssertTrue(files.contains { $0.hasPrefix("/dev/shm/tagpulse-hot-") && $0.hasSuffix("(deleted)") }, "\(files)")
    }
}
