import Logging
import NIOCore
import TagPulseResilience
import TagPulseTracing
import TagPulseWire

/// Reads each request frame, answers what is immediate (`ping`, `stats`, `cancel`, every error) at once, and
/// turns an admitted `analyze.*` into work the connection runs concurrently. Protocol decisions live here; the
/// connection only moves frames.
struct EngineDispatcher: Sendable {
    let pipeline: AnalysisPipeline
    /// At most `engine.max_concurrent_analyses` at once; past that `OVERLOADED` at once instead of a queue without
    /// bound (DESIGN §2).
    let limiter: CountingLimit
    let counters: EngineCounters
    let clock: WallClock
    let defaultDeadlineMilliseconds: Int64
    let startedAtMilliseconds: Int64
    /// Responses larger than this are replaced by a `RESULT_TOO_LARGE` error for the same id: the frame encoder
    /// would otherwise refuse them and the connection, with everything in flight on it, would be lost.
    var maxFrameBytes = EngineFrameDecoder.defaultMaximumFrameBytes
    /// The upstreams' call counters and breakers, reported by `stats`.
    var upstreams: [UpstreamMeter] = []
    /// Where a sampled analysis's server span goes (nil: span export is off).
    var spans: SpanRecorder?
    let codec = WireCodec()

    /// What the connection does with a frame.
    enum Action: Sendable {
        /// Write this response now.
        case respond(ByteBuffer)
        /// Write this `BAD_FRAME` response, then close the connection.
        case respondAndClose(ByteBuffer)
        /// Run this concurrently; it returns the response to write.
        case run(@Sendable () async -> ByteBuffer)
    }

    func accept(_ frame: ByteBuffer, requests: ConnectionRequests, logger: Logger) -> Action {
        self.counters.requestReceived()
        let header: WireRequestHeader
        do {
            header = try self.codec.decodeRequestHeader(frame)
        } catch {
            return .respondAndClose(self.failure(id: nil, .badFrame("the frame is not a JSON object")))
        }
        guard let id = header.id, !id.isEmpty, id.utf8.count <= 128 else {
            return .respond(self.failure(id: nil, WireError(code: .invalidRequest, message: "the request has no usable id")))
        }
        guard header.v == WireRequest<EmptyParams>.currentVersion else {
            return .respond(
                self.failure(
                    id: id,
                    WireError(
                        code: .unsupportedVersion,
                        message: "protocol version \(header.v.map(String.init) ?? "missing") is not supported; this engine speaks 1"
                    )
                )
            )
        }
        let limit = self.responseLimit(header)
        guard let methodName = header.method else {
            return .respond(self.failure(id: id, WireError(code: .invalidRequest, message: "the request has no method")))
        }
        let method = WireMethod(rawValue: methodName)
        switch method {
        case .ping:
            return .respond(self.success(id: id, PingResult(version: EngineVersion.current), limit: limit))
        case .stats:
            return .respond(self.success(id: id, self.stats(), limit: limit))
        case .cancel:
            guard let params = try? self.codec.decodeParams(CancelParams.self, from: frame) else {
                return .respond(self.failure(id: id, .invalidParams("cancel needs params.id")))
            }
            _ = requests.cancel(params.id)
            return .respond(self.success(id: id, EmptyParams(), limit: limit))
        default:
            guard let kind = method.analysisKind else {
                return .respond(self.failure(id: id, WireError(code: .methodNotFound, message: "unknown method \"\(methodName.prefix(64))\"")))
            }
            return self.acceptAnalysis(kind: kind, id: id, header: header, frame: frame, limit: limit, requests: requests, logger: logger)
        }
    }

    private func acceptAnalysis(
        kind: AnalysisKind,
        id: String,
        header: WireRequestHeader,
        frame: ByteBuffer,
        limit: Int,
        requests: ConnectionRequests,
        logger: Logger
    ) -> Action {
        var params: AnalysisParams
        do {
            params = try self.codec.decodeParams(AnalysisParams.self, from: frame)
        } catch {
            return .respond(self.failure(id: id, .invalidParams("params do not match \(WireMethod.analyze(kind))")))
        }
        if let violation = params.violations(for: kind).first {
            return .respond(self.failure(id: id, .invalidParams(violation.description)))
        }
        params.target = (try? TargetNormalizer.normalize(params.target, kind: kind)) ?? params.target
        let deadline = header.deadlineMilliseconds ?? (self.clock.nowMilliseconds() + self.defaultDeadlineMilliseconds)
        guard deadline > self.clock.nowMilliseconds() else {
            return .respond(self.failure(id: id, .deadlineExceeded))
        }
        guard let canceller = requests.register(id) else {
            return .respond(self.failure(id: id, WireError(code: .duplicateID, message: "a request with this id is already in flight")))
        }
        guard self.limiter.take() else {
            requests.finish(id)
            return .respond(self.failure(id: id, .overloaded()))
        }
        var logger = logger
        logger[metadataKey: "request.id"] = "\(header.requestID ?? "-")"
        logger[metadataKey: "engine.request.id"] = "\(id)"
        // The engine's span: a child of the gateway's when it sent a valid traceparent, else a new trace.
        let parent = header.trace
        let trace = parent?.child() ?? self.spans?.startTrace() ?? TraceContext.start()
        logger[metadataKey: "trace.id"] = .string(trace.traceID)
        logger[metadataKey: "span.id"] = .string(trace.spanID)
        if let parent { logger[metadataKey: "span.parent_id"] = .string(parent.spanID) }
        let requestLogger = logger
        let finalParams = params
        return .run {
            defer {
                self.limiter.give()
                requests.finish(id)
            }
            let started = ContinuousClock.now
            let startedUnix = self.spans == nil ? 0 : SpanClock.nowUnixNanoseconds()
            let outcome = await TraceContext.$current.withValue(trace) {
                await DeadlineRace.run(deadlineMilliseconds: deadline, clock: self.clock, canceller: canceller) {
                    try await self.pipeline.run(kind: kind, params: finalParams, logger: requestLogger)
                }
            }
            let elapsed = ContinuousClock.now - started
            if let spans = self.spans, trace.isSampled {
                spans.record(Self.span(trace, parent: parent, kind: kind, outcome: outcome, startUnixNanoseconds: startedUnix, elapsed: elapsed))
            }
            switch outcome {
            case .success(let result):
                requestLogger.info(
                    "engine.analysis.completed",
                    metadata: [
                        "analysis.kind": "\(kind.rawValue)", "analysis.items": .stringConvertible(result.commentAnalyses.count),
                        "duration_ms": .stringConvertible(Self.milliseconds(elapsed)),
                    ]
                )
                return self.success(id: id, result, limit: limit)
            case .failure(let error):
                requestLogger.info(
                    "engine.analysis.failed",
                    metadata: [
                        "analysis.kind": "\(kind.rawValue)", "error.code": "\(error.code)",
                        "duration_ms": .stringConvertible(Self.milliseconds(elapsed)),
                    ]
                )
                return self.failure(id: id, error)
            }
        }
    }

    /// A duration in milliseconds with three decimals, as the gateway logs `duration_ms`.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1e6 + Double(attoseconds / 1_000_000_000_000)).rounded() / 1e3
    }

    func stats() -> EngineStats {
        let snapshot = self.counters.snapshot
        return EngineStats(
            version: EngineVersion.current,
            provider: self.pipeline.source.name,
            analyzer: self.pipeline.analyzer.name,
            defaultModel: self.pipeline.analyzer.model(for: AnalysisParams(target: "", prompt: "")),
            uptimeSeconds: Double(self.clock.nowMilliseconds() - self.startedAtMilliseconds) / 1000,
            maxConcurrentAnalyses: self.limiter.limit,
            inFlight: self.limiter.current,
            connections: snapshot.connections,
            requestsTotal: snapshot.requests,
            errorsTotal: snapshot.errors,
            upstreams: Dictionary(self.upstreams.map { ($0.name, $0.snapshot) }, uniquingKeysWith: { first, _ in first }),
            process: ProcessMetrics.current()
        )
    }

    /// The largest response this request may get: the engine's frame limit, or the smaller one the sender gave in
    /// `max_response_bytes` (the gateway sends its own frame limit, so a result it could not read is answered
    /// `RESULT_TOO_LARGE` for its id instead of a frame the gateway must refuse).
    func responseLimit(_ header: WireRequestHeader) -> Int {
        guard let asked = header.maxResponseBytes, asked > 0 else { return self.maxFrameBytes }
        return min(self.maxFrameBytes, asked)
    }

    func success<Result: Codable & Sendable>(id: String, _ result: Result, limit: Int? = nil) -> ByteBuffer {
        do {
            let payload = try self.codec.encode(WireSuccess(id: id, result: result))
            let limit = limit ?? self.maxFrameBytes
            guard payload.readableBytes <= limit else {
                return self.failure(
                    id: id,
                    WireError(
                        code: .resultTooLarge,
                        message:
                            "the result (\(payload.readableBytes) bytes) exceeds the frame limit (\(limit) bytes); ask for fewer posts or comments"
                    )
                )
            }
            return payload
        } catch {
            return self.failure(id: id, WireError(code: .internalError, message: "the engine could not encode its response"))
        }
    }

    func failure(id: String?, _ error: WireError) -> ByteBuffer {
        self.counters.failed(error.code)
        // Encoding a WireFailure of strings and numbers cannot fail; the fallback keeps the type total.
        return (try? self.codec.encode(WireFailure(id: id, error: error)))
            ?? ByteBuffer(string: #"{"v":1,"id":null,"ok":false,"error":{"code":"INTERNAL","message":"encoding failed","retryable":false}}"#)
    }
}

/// The engine's version, reported by `ping`, `stats` and in every analysis's metadata.
public enum EngineVersion {
    public static let current = "0.1.0"
}
