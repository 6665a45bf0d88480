import Foundation
import NIOCore
import TagPulseTestSupport
import XCTest

extension HitFrontEndToEndTests {
    /// A connection remembers the key it presented last (`PresentedKeyMemo`, up to 100 ms), and that memory ends as soon
    /// as this instance learns of a revocation, not 100 ms later: once a fresh connection is refused, the very next hit
    /// on a connection that kept presenting the key is refused too. The busy connection keeps its memory young (a hit
    /// every few milliseconds), so without the authenticator's change count reaching the front its next hit would be
    /// served from memory.
    func testARevokedKeyIsRefusedOnABusyConnectionAsSoonAsTheInstanceKnows() async throws {
        let stack = try await self.warmStack([:])
        let created = try await self.http.stackRequest(
            stack.baseURL + "/v1/admin/keys",
            method: .POST,
            body: #"{"name":"memo","tier":"internal"}"#,
            key: stack.key
        )
        XCTAssertEqual(created.status, 201, String(buffer: created.body))
        let view = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(String(buffer: created.body).utf8)) as? [String: Any])
        let key = try XCTUnwrap(view["key"] as? String)
        let id = try XCTUnwrap(view["id"] as? String)

        let busy = try RawHTTPConnection(port: stack.port)
        for _ in 0..<3 {
            XCTAssertTrue(busy.send(self.hit(key)))
            XCTAssertEqual(self.responses(busy, count: 1).map(\.status), [200], "the new key's hits are served")
        }
        let revoked = try await self.http.stackRequest(stack.baseURL + "/v1/admin/keys/\(id)", method: .DELETE, key: stack.key)
        XCTAssertEqual(revoked.status, 200)

        // Until the notice arrives both connections may still be served; the busy one asks between every probe.
        let started = Date()
        var probed: Int?
        while Date().timeIntervalSince(started) < 5 {
            let probe = try RawHTTPConnection(port: stack.port)
            XCTAssertTrue(probe.send(self.hit(key, close: true)))
            probed = self.responses(probe, count: 1).first?.status
            if probed != 200 { break }
            XCTAssertTrue(busy.send(self.hit(key)))
            let answer = self.responses(busy, count: 1).first
            if answer?.status == 401 {
                // The notice landed between the probe and this hit: the busy connection's memory did not outlive it,
                // which is what this test is for, and the refusal says why.
                XCTAssertTrue(answer?.body.contains("KEY_REVOKED") == true, String(answer?.body.prefix(200) ?? ""))
                return
            }
            XCTAssertEqual(answer?.status, 200, "served until the instance knows")
        }
        XCTAssertEqual(probed, 401, "a fresh connection is refused once the instance knows")
        XCTAssertTrue(busy.send(self.hit(key)))
        let next = try XCTUnwrap(self.responses(busy, count: 1).first)
        XCTAssertEqual(next.status, 401, "the busy connection's next hit is refused at once")
        XCTAssertTrue(next.body.contains("KEY_REVOKED"), String(next.body.prefix(200)))
    }
}
