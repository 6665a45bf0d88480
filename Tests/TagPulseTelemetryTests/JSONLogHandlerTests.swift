import Foundation
import Logging
import XCTest

@testable import TagPulseTelemetry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `log.format=json`: numbers logged as numbers are JSON numbers, and a line carries one request id.
final class JSONLogHandlerTests: XCTestCase {
    func written(metadata: Logger.Metadata, handlerMetadata: Logger.Metadata = [:]) throws -> [String: Any] {
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        defer { close(descriptors[0]) }
        var handler = JSONLogHandler(label: "tagpulse.test", level: .info, fileDescriptor: descriptors[1])
        handler.metadata = handlerMetadata
        let logger = Logger(label: "tagpulse.test") { _ in handler }
        logger.info("request.completed", metadata: metadata)
        close(descriptors[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptors[0], &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        XCTAssertEqual(bytes.filter { $0 == UInt8(ascii: "\n") }.count, 1)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func testNumbersAreJSONNumbers() throws {
        let object = try self.written(metadata: [
            "http.status": .stringConvertible(200), "duration_ms": .stringConvertible(1.25), "cached": .stringConvertible(true),
            "text": "200", "nan": .stringConvertible(Double.nan), "big": .stringConvertible(UInt64.max),
        ])
        XCTAssertEqual(object["http.status"] as? Int, 200)
        XCTAssertEqual(object["duration_ms"] as? Double, 1.25)
        XCTAssertEqual(object["cached"] as? Bool, true)
        XCTAssertEqual(object["text"] as? String, "200", "a string stays a string")
        XCTAssertEqual(object["nan"] as? String, "nan", "not a JSON number: a string")
        XCTAssertEqual((object["big"] as? NSNumber)?.uint64Value, UInt64.max)
    }

    func testOneRequestIDPerLine() throws {
        let hummingbird: Logger.Metadata = ["hb.request.id": "3f2a"]
        let ours = try self.written(metadata: ["request.id": "abc"], handlerMetadata: hummingbird)
        XCTAssertEqual(ours["request.id"] as? String, "abc")
        XCTAssertNil(ours["hb.request.id"])
        let before = try self.written(metadata: [:], handlerMetadata: hummingbird)
        XCTAssertEqual(before["request.id"] as? String, "3f2a", "while it is the only id, under the one name")
        XCTAssertNil(before["hb.request.id"])
    }
}
