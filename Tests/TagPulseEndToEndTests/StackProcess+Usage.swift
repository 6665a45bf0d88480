import Foundation
import XCTest

extension StackProcess {
    /// `tagpulse usage --json` over yesterday and today (a test may cross midnight UTC) for this stack's key prefix on
    /// `redisURL` (default: the stack's Redis), as a JSON object.
    func usageReport(redisURL: String? = nil) throws -> [String: Any] {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent("tagpulse")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        process.arguments = [
            "usage", "--json", "--from", formatter.string(from: Date().addingTimeInterval(-86_400)),
            "--redis-url", redisURL ?? self.environment["TAGPULSE_REDIS_URL"] ?? "", "--key-prefix", self.keyPrefix,
        ]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
    }

    /// One client's figures from a usage report (`clients`), nil when it has none.
    static func figures(_ report: [String: Any], client: String) -> [String: Int]? {
        let clients = report["clients"] as? [[String: Any]] ?? []
        guard let entry = clients.first(where: { $0["client"] as? String == client }) else { return nil }
        return entry.compactMapValues { $0 as? Int }
    }
}
