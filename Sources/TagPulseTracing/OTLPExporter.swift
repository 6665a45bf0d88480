import Logging
import ServiceLifecycle
import TagPulseHTTPClient

/// Sends the recorder's spans to the collector: every `trace.otlp.flush_interval_ms` it takes what is queued and posts
/// it in batches of `trace.otlp.batch_size` (OTLP/HTTP, JSON, `POST {endpoint}/v1/traces`) over libcurl, whose
/// transfers run on their own thread, never on an event loop. A batch is tried up to `trace.otlp.max_attempts` times
/// when the collector answers 429, 502, 503 or 504 (its `Retry-After` honoured, at most 30 s) or does not answer;
/// then it is dropped and counted (`tagpulse_trace_spans_dropped_total{reason="export_failed"}`). Requests never
/// wait for it: they only queue spans. On graceful shutdown it sends what is queued once more (one attempt per
/// batch) and stops; put it first in the service group so it stops last, after the servers that record spans.
public final class OTLPExporter: Service {
    let recorder: SpanRecorder
    let settings: TraceExportSettings
    let url: String
    let encoder: OTLPJSON
    let http: any UpstreamHTTPClient
    /// The client this exporter made for itself (stopped when it stops); nil when the caller gave one.
    let ownedClient: CurlHTTPClient?
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void

    /// The exporter of a process (`service.name`), over a libcurl client of its own (one transfer thread).
    public convenience init(recorder: SpanRecorder, settings: TraceExportSettings, serviceName: String, serviceVersion: String, logger: Logger) {
        let client = CurlHTTPClient(threads: 1, maxResponseBytes: 1 << 20, userAgent: "\(serviceName)/\(serviceVersion)")
        self.init(
            recorder: recorder,
            settings: settings,
            encoder: OTLPJSON(
                resource: [.init("service.name", .string(serviceName)), .init("service.version", .string(serviceVersion))],
                scopeVersion: serviceVersion
            ),
            http: client,
            ownedClient: client,
            logger: logger
        )
    }

    public init(
        recorder: SpanRecorder,
        settings: TraceExportSettings,
        encoder: OTLPJSON,
        http: any UpstreamHTTPClient,
        ownedClient: CurlHTTPClient? = nil,
        logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.recorder = recorder
        self.settings = settings
        self.url = settings.tracesURL ?? ""
        self.encoder = encoder
        self.http = http
        self.ownedClient = ownedClient
        self.logger = logger
        self.sleep = sleep
    }

    public func run() async throws {
        var reportedDrops = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.settings.flushInterval) }
            await self.exportPending(final: false)
            reportedDrops = self.reportDrops(since: reportedDrops)
        }
        await self.exportPending(final: true)
        _ = self.reportDrops(since: reportedDrops)
        await self.ownedClient?.shutdown()
    }

    /// Posts what is queued, batch by batch. The final round (shutdown) sends only what was queued when it began, one
    /// attempt per batch.
    func exportPending(final: Bool) async {
        var budget = final ? self.recorder.pending : Int.max
        while budget > 0, final || !Task.isShuttingDownGracefully {
            let batch = self.recorder.take(upTo: self.settings.batchSize)
            guard !batch.isEmpty else { return }
            budget -= batch.count
            await self.send(batch, attempts: final ? 1 : self.settings.maxAttempts)
        }
    }

    /// One batch, with retries; true when the collector took it.
    @discardableResult
    func send(_ batch: [FinishedSpan], attempts: Int) async -> Bool {
        let request = UpstreamHTTPRequest(
            method: .post,
            url: self.url,
            headers: [(name: "Content-Type", value: "application/json")] + self.settings.headers.map { ($0.name, $0.value) },
            body: Array(self.encoder.encode(batch).utf8),
            timeout: self.settings.timeout
        )
        var metadata: Logger.Metadata = ["trace.export.spans": .stringConvertible(batch.count)]
        for attempt in 1...max(1, attempts) {
            var retryAfter: Duration?
            do {
                let response = try await self.http.execute(request)
                if (200..<300).contains(response.status) {
                    self.recorder.exportSucceeded(batch.count)
                    return true
                }
                metadata["http.response.status_code"] = .stringConvertible(response.status)
                guard Self.retryableStatuses.contains(response.status) else { break }
                retryAfter = response.retryAfterSeconds.map { .milliseconds(Int64(min($0, 30) * 1000)) }
            } catch {
                metadata["error.type"] = "\(error.kind)"
                if error.kind == .cancelled { break }
            }
            guard attempt < attempts else { break }
            do {
                try await self.sleep(retryAfter ?? Self.backoff(afterAttempt: attempt))
            } catch {
                break
            }
        }
        self.recorder.exportFailed(batch.count)
        self.logger.warning("trace.export.failed", metadata: metadata)
        return false
    }

    /// OTLP/HTTP's retryable answers.
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// 0.5 s, 1 s, 2 s, … at most 5 s.
    static func backoff(afterAttempt attempt: Int) -> Duration {
        .milliseconds(min(5000, 500 << min(attempt - 1, 4)))
    }

    private func reportDrops(since reported: Int) -> Int {
        let dropped = self.recorder.droppedQueueFull
        if dropped > reported {
            self.logger.warning(
                "trace.export.queue_full",
                metadata: [
                    "trace.export.dropped": .stringConvertible(dropped - reported),
                    "trace.export.queue_size": .stringConvertible(self.recorder.capacity),
                ]
            )
        }
        return dropped
    }
}
