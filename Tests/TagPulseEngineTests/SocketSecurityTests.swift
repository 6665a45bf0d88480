import Foundation
import NIOCore
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// Issue #15: another local user must not be able to take the engine's socket (a directory they made or can write
/// to) nor talk to it (`SO_PEERCRED`). The tests run as root: a "foreign" owner or peer is simulated with a uid
/// that is not ours, on real directories and real sockets.
final class SocketSecurityTests: XCTestCase {
    let foreignUID: UInt32 = PeerCredentials.currentUID == 54_321 ? 54_322 : 54_321

    func makeDirectory(mode: mode_t) throws -> String {
        let directory = "/tmp/tp-sock-\(UInt32.random(in: 0...UInt32.max))"
        XCTAssertEqual(mkdir(directory, 0o700), 0)
        XCTAssertEqual(chmod(directory, mode), 0)
        self.addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        return directory
    }

    func refusal(_ path: String, owner: UInt32 = PeerCredentials.currentUID) -> String? {
        do {
            try SocketPathGuard.prepare(path: path, owner: owner)
            return nil
        } catch {
            return error.description
        }
    }

    func testADirectoryOthersCanWriteToIsRefused() throws {
        for mode: mode_t in [0o770, 0o702, 0o777, 0o1777] {
            let directory = try self.makeDirectory(mode: mode)
            let refusal = try XCTUnwrap(self.refusal(directory + "/engine.sock"), "mode \(String(mode, radix: 8))")
            XCTAssertTrue(refusal.contains("writable by its group or others"), refusal)
        }
        XCTAssertNotNil(self.refusal("/tmp/engine-in-tmp.sock"), "/tmp itself is shared")
    }

    func testADirectoryOfAnotherUserIsRefused() throws {
        let directory = try self.makeDirectory(mode: 0o700)
        XCTAssertEqual(chown(directory, self.foreignUID, gid_t(getegid())), 0)
        let refusal = try XCTUnwrap(self.refusal(directory + "/engine.sock"))
        XCTAssertTrue(refusal.contains("belongs to uid \(self.foreignUID)"), refusal)
    }

    func testASymbolicLinkInsteadOfTheDirectoryIsRefused() throws {
        let target = try self.makeDirectory(mode: 0o700)
        let link = target + "-link"
        XCTAssertEqual(symlink(target, link), 0)
        self.addTeardownBlock { unlink(link) }
        let refusal = try XCTUnwrap(self.refusal(link + "/engine.sock"))
        XCTAssertTrue(refusal.contains("not a directory"), refusal)
    }

    func testPrivateDirectoriesAreAcceptedAndNewOnesAreMade0700() throws {
        XCTAssertNil(self.refusal(try self.makeDirectory(mode: 0o700) + "/engine.sock"))
        XCTAssertNil(self.refusal(try self.makeDirectory(mode: 0o750) + "/engine.sock"), "group may read, not write")
        let parent = try self.makeDirectory(mode: 0o700)
        XCTAssertNil(self.refusal(parent + "/new/engine.sock"))
        var status = stat()
        XCTAssertEqual(lstat(parent + "/new", &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o700)
    }

    func testTheDefaultIsAPrivateRuntimeDirectory() {
        XCTAssertEqual(EngineSocketLocation.defaultPath(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]), "/run/user/1000/tagpulse/engine.sock")
        XCTAssertEqual(EngineSocketLocation.defaultPath(environment: [:], uid: 1000), "/tmp/tagpulse-1000/engine.sock")
        XCTAssertEqual(EngineSocketLocation.defaultPath(environment: ["XDG_RUNTIME_DIR": "relative"], uid: 7), "/tmp/tagpulse-7/engine.sock")
        let long = "/" + String(repeating: "d", count: 90)
        XCTAssertEqual(EngineSocketLocation.defaultPath(environment: ["XDG_RUNTIME_DIR": long], uid: 7), "/tmp/tagpulse-7/engine.sock")
    }

    /// A peer that does not run as `engine.gateway_uid` is closed before any frame is read.
    func testConnectionsFromAnotherUIDAreClosedUnanswered() async throws {
        try await withEngine(gatewayUID: self.foreignUID) { path in
            let client = try await EngineTestClient.connect(path)
            try? await client.send(#"{"v":1,"id":"p","method":"ping"}"#)
            let closed = await client.isClosed(within: .seconds(5))
            XCTAssertTrue(closed, "the engine closes a connection from another uid")
            do {
                let answers = try await client.read(1, timeout: .milliseconds(200))
                XCTFail("no answer expected, got \(answers)")
            } catch {}
            await client.close()
        }
        try await withEngine { path in
            let client = try await EngineTestClient.connect(path)
            try await client.send(#"{"v":1,"id":"p","method":"ping"}"#)
            let pong = try await client.read(1)[0]
            XCTAssertEqual(pong.id, "p", "our own uid is served")
            await client.close()
        }
    }

    func testPeerCredentialsAreTheKernels() async throws {
        let foreignUID = self.foreignUID
        try await withEngine { path in
            let client = try await EngineTestClient.connect(path)
            let credentials = try await PeerCredentials.of(client.channel).get()
            XCTAssertEqual(credentials.uid, PeerCredentials.currentUID)
            XCTAssertEqual(credentials.pid, getpid(), "the engine runs in this test process")
            await XCTAssertThrowsErrorAsync(try await PeerCredentials.check(client.channel, expectedUID: foreignUID).get()) { error in
                XCTAssertEqual(error as? PeerCredentials.Failure, .uidMismatch(peer: PeerCredentials.currentUID, expected: foreignUID))
            }
            await client.close()
        }
    }
}

func XCTAssertThrowsErrorAsync<T>(
    _ expression: @autoclosure () async throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ handler: (any Error) -> Void = { _ in }
) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {
        handler(error)
    }
}
