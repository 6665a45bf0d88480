import Foundation
import XCTest

@testable import TagPulseWire

/// The `/proc` reader both processes use for their `process_*` metrics, and its form in the engine's `stats`.
final class ProcessMetricsTests: XCTestCase {
    func testProcessStatParsing() throws {
        // A command name with spaces and parentheses, as /proc writes it.
        let stat =
            "4242 (tag (pulse) gw) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 9 0 1000 123456789 2048 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let parsed = try XCTUnwrap(
            ProcessMetrics.parse(
                stat: stat,
                systemStat: "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n",
                ticksPerSecond: 100,
                pageSize: 4096,
                openFileDescriptors: 7,
                maxFileDescriptors: 1024
            )
        )
        XCTAssertEqual(parsed.cpuSeconds, 3)
        XCTAssertEqual(parsed.residentBytes, 2048 * 4096)
        XCTAssertEqual(parsed.virtualBytes, 123_456_789)
        XCTAssertEqual(parsed.startTimeSeconds, 1_700_000_010)
    }

    func testThisProcesssFiguresAndTheirWireForm() throws {
        let current = try XCTUnwrap(ProcessMetrics.current(), "Linux has /proc")
        XCTAssertGreaterThan(current.residentBytes, 1_000_000)
        XCTAssertGreaterThan(current.openFileDescriptors, 2)
        XCTAssertLessThanOrEqual(current.startTimeSeconds, Date().timeIntervalSince1970 + 1)
        let json = try JSONEncoder().encode(current)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(
            Set(object.keys),
            ["cpu_seconds", "resident_memory_bytes", "virtual_memory_bytes", "open_fds", "max_fds", "start_time_seconds"]
        )
        XCTAssertEqual(try JSONDecoder().decode(ProcessMetrics.self, from: json), current)
        // An older engine's stats carry no `process`.
        let old =
            #"{"version":"1","provider":"corpus","analyzer":"local","uptime_s":1,"max_concurrent_analyses":1,"in_flight":0,"#
            + #""connections":1,"requests_total":0,"errors_total":{}}"#
        XCTAssertNil(try JSONDecoder().decode(EngineStats.self, from: Data(old.utf8)).process)
    }
}
