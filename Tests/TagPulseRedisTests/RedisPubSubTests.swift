import Foundation
import NIOCore
import Synchronization
import TagPulseRedis
import XCTest

/// Pub/sub on a private server: delivery, resubscription after a restart, unsubscribing when the iteration ends.
final class RedisPubSubTests: XCTestCase {
    private final class Received: Sendable {
        let payloads = Mutex<[String]>([])
    }

    func testSubscriptionReceivesResubscribesAfterARestartAndUnsubscribesOnCancel() async throws {
        let (server, configuration) = try startOwnServer(poolSize: 1, reconnect: 10...100)
        defer { server.stop() }
        let channel = "tp:test:events"
        let received = Received()

        try await withRunningClient(configuration) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in client.subscribe(to: [channel, "tp:test:other"]) {
                        XCTAssertEqual(message.channel, channel)
                        received.payloads.withLock { $0.append(String(buffer: message.payload)) }
                    }
                }
                /// Publishes `payload` until a subscriber got it (bounded).
                @Sendable func publishUntilReceived(_ payload: String) async throws {
                    try await waitUntil("\(payload) is received", timeout: .seconds(8)) {
                        if received.payloads.withLock({ $0.contains(payload) }) { return true }
                        _ = try? await client.send(.publish(channel, .string(payload)))
                        try await Task.sleep(for: .milliseconds(30))
                        return received.payloads.withLock { $0.contains(payload) }
                    }
                }
                try await publishUntilReceived("before")
                server.kill()
                try server.start()
                try await publishUntilReceived("after-restart")

                group.cancelAll()
                try? await group.waitForAll()
                try await waitUntil("the subscriber connection is gone") {
                    let reply = try? await client.send(RedisCommand("PUBSUB", "NUMSUB", .string(channel)))
                    return reply?.array?.last?.int == 0
                }
            }
        }
        XCTAssertTrue(received.payloads.withLock { $0.contains("before") && $0.contains("after-restart") })
    }
}
