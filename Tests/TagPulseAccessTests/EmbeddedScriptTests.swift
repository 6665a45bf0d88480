import Foundation
import TagPulseRedis
import Testing

@testable import TagPulseAccess

/// The binaries carry the Lua sources; they must equal the files under `redis/` (run `scripts/embed-lua` after
/// editing a script).
struct EmbeddedScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [
        ("redis/gcra.lua", RedisScript.gcra), ("redis/gcra-lease.lua", RedisScript.gcraLease), ("redis/gcra-many.lua", RedisScript.gcraMany),
    ])
    func embeddedCopyMatchesFile(path: String, script: RedisScript) throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
        #expect(script.source == file, "the embedded copy of \(path) drifted from the file: run scripts/embed-lua")
    }
}
