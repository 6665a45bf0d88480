import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import TagPulseHTTPClient
import XCTest

@testable import TagPulseTracing

/// The exporter against a scripted collector (no sockets): what it posts, its retries, and its last flush on
/// graceful shutdown.
final class OTLPExporterTests: XCTestCase {
    final class ScriptedCollector: UpstreamHTTPClient, Sendable {
        let answers: Mutex<[Int]>
        let received = Mutex<[UpstreamHTTPRequest]>([])

        init(answers: [Int]) { self.answers = Mutex(answers) }

        func execute(_ request: UpstreamHTTPRequest) async throws(UpstreamHTTPError) -> UpstreamHTTPResponse {
            self.received.withLock { $0.append(request) }
            let status = self.answers.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            guard status > 0 else { throw UpstreamHTTPError(kind: .connection, detail: "refused") }
            return UpstreamHTTPResponse(status: status, headers: [:], body: Array("{}".utf8))
        }
    }

    func span(_ index: Int) -> FinishedSpan {
        .sample(index)
    }

    func exporter(_ recorder: SpanRecorder, _ collector: ScriptedCollector, batchSize: Int = 2, interval: Duration = .seconds(60)) -> OTLPExporter {
        OTLPExporter(
            recorder: recorder,
            settings: TraceExportSettings(
                endpoint: "http://collector:4318",
                headers: [.init(name: "x-api-key", value: "k")],
                batchSize: batchSize,
                flushInterval: interval,
                maxAttempts: 3
            ),
            encoder: OTLPJSON(resource: [.init("service.name", .string("test"))], scopeVersion: "0"),
            http: collector,
            logger: Logger(label: "test"),
            sleep: { _ in }
        )
    }

    func testBatchesArePostedAsOTLPJSON() async {
        let recorder = SpanRecorder(capacity: 10)
        for index in 0..<5 { recorder.record(self.span(index)) }
        let collector = ScriptedCollector(answers: [])
        await self.exporter(recorder, collector).exportPending(final: false)
        let requests = collector.received.withLock { $0 }
        XCTAssertEqual(requests.count, 3, "batches of two")
        XCTAssertEqual(requests.first?.method, .post)
        XCTAssertEqual(requests.first?.url, "http://collector:4318/v1/traces")
        XCTAssertEqual(requests.first?.headers.first { $0.name == "Content-Type" }?.value, "application/json")
        XCTAssertEqual(requests.first?.headers.first { $0.name == "x-api-key" }?.value, "k")
        XCTAssertTrue(String(decoding: requests.first?.body ?? [], as: UTF8.self).hasPrefix(#"{"resourceSpans":"#))
        XCTAssertEqual(recorder.exportedCount, 5)
        XCTAssertEqual(recorder.pending, 0)
    }

    func testRetryableAnswersAreRetriedABoundedNumberOfTimes() async {
        let recorder = SpanRecorder(capacity: 10)
        let collector = ScriptedCollector(answers: [503, 0, 200, 429, 429, 429, 400])
        let exporter = self.exporter(recorder, collector)
        let first = await exporter.send([self.span(0)], attempts: 3)
        XCTAssertTrue(first, "503, no answer, then 200")
        let second = await exporter.send([self.span(1)], attempts: 3)
        XCTAssertFalse(second, "three 429s: given up")
        let third = await exporter.send([self.span(2)], attempts: 3)
        XCTAssertFalse(third, "400 is not retried")
        XCTAssertEqual(collector.received.withLock { $0.count }, 7)
        XCTAssertEqual(recorder.exportedCount, 1)
        XCTAssertEqual(recorder.droppedExportFailed, 2)
    }

    func testGracefulShutdownSendsWhatIsQueued() async throws {
        let recorder = SpanRecorder(capacity: 10)
        let collector = ScriptedCollector(answers: [])
        let exporter = self.exporter(recorder, collector, batchSize: 10, interval: .seconds(3600))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await exporter.run() }
                for index in 0..<3 { recorder.record(self.span(index)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        XCTAssertEqual(recorder.exportedCount, 3, "sent on the way out, without waiting for the hour")
    }
}
