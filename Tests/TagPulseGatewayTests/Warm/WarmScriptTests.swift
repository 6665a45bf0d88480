import Foundation
import TagPulseRedis
import Testing

@testable import TagPulseGateway

/// The binary carries `redis/warm-write.lua`; the copy must equal the file (run `scripts/embed-lua` after editing it).
struct WarmScriptTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedCopyMatchesFile() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("redis/warm-write.lua"), encoding: .utf8)
        #expect(RedisScript.warmWrite.source == file, "the embedded copy of redis/warm-write.lua drifted from the file: run scripts/embed-lua")
    }
}

extension WarmScriptTests {
    @Test func embeddedClaimScriptMatchesFile() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("redis/warm-claim.lua"), encoding: .utf8)
        #expect(RedisScript.warmClaim.source == file, "the embedded copy of redis/warm-claim.lua drifted from the file: run scripts/embed-lua")
    }
}
