import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseHTTPClient
import TagPulseResilience
import TagPulseSettings
import TagPulseTracing
import TagPulseWire

/// Builds the engine from its configuration: the video source, the pipeline, the dispatcher and the socket
/// server. `tagpulse-engine` runs the returned services, in order, in one `ServiceGroup` (so the socket server
/// stops first, then the upstream HTTP client, and the span exporter, when `trace.otlp.endpoint` is set, last);
/// tests build the same thing.
public enum EngineApplication {
    public static func makeServices(
        configuration: EngineConfiguration,
        logger: Logger,
        clock: WallClock = .system,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> [any Service] {
        var services: [any Service] = []
        let spans =
            configuration.trace.enabled
            ? SpanRecorder(capacity: configuration.trace.queueSize, sampleRatio: configuration.trace.sampleRatio) : nil
        if let spans {
            services.append(
                OTLPExporter(
                    recorder: spans,
                    settings: configuration.trace,
                    serviceName: "tagpulse-engine",
                    serviceVersion: EngineVersion.current,
                    logger: logger
                )
            )
        }
        var sharedHTTP: CurlHTTPClient?
        var meters: [UpstreamMeter] = []
        func http() -> CurlHTTPClient {
            if let sharedHTTP { return sharedHTTP }
            let client = CurlHTTPClient(threads: configuration.upstreamThreads, userAgent: "tagpulse-engine/\(EngineVersion.current)")
            services.append(client)
            sharedHTTP = client
            return client
        }
        let source: any VideoSource
        switch configuration.provider {
        case .rapidapi:
            guard let rapidAPI = configuration.rapidAPI else { throw CorpusError(message: "the rapidapi provider has no configuration") }
            let caller = UpstreamCaller(
                name: "rapidapi",
                http: http(),
                breaker: CircuitBreaker(name: "rapidapi"),
                retry: RetryPolicy(maxAttempts: rapidAPI.maxAttempts),
                callTimeout: rapidAPI.callTimeout,
                spans: spans
            )
            meters.append(caller.meter)
            source = RapidAPISource(configuration: rapidAPI, caller: caller)
            logger.info("engine.provider.rapidapi", metadata: ["upstream.host": "\(rapidAPI.host)"])
        case .synthetic:
            source = SyntheticSource()
            logger.info("engine.provider.synthetic")
        case .corpus:
            let store = try CorpusStore(directory: try Self.corpusDirectory(configuration.corpusPath))
            source = CorpusSource(store: store)
            logger.info(
                "engine.corpus.loaded",
                metadata: [
                    "corpus.hashtags": .stringConvertible(store.names(of: .hashtag).count),
                    "corpus.accounts": .stringConvertible(store.names(of: .account).count),
                ]
            )
        }
        let analyzer: any VideoAnalyzer
        if configuration.analyzer == .openai, let openAI = configuration.openAI {
            let caller = UpstreamCaller(
                name: "openai",
                http: http(),
                breaker: CircuitBreaker(name: "openai"),
                retry: RetryPolicy(maxAttempts: openAI.maxAttempts),
                callTimeout: openAI.callTimeout,
                spans: spans
            )
            meters.append(caller.meter)
            analyzer = OpenAIVideoAnalyzer(configuration: openAI, caller: caller)
            logger.info("engine.analyzer.openai", metadata: ["openai.model": "\(openAI.defaultModel)"])
        } else {
            analyzer = LocalVideoAnalyzer()
        }
        let pipeline = AnalysisPipeline(
            source: source,
            analyzer: analyzer,
            limits: configuration.pipeline,
            clock: clock,
            engineVersion: EngineVersion.current,
            cleaning: configuration.cleaning
        )
        var dispatcher = EngineDispatcher(
            pipeline: pipeline,
            limiter: CountingLimit(limit: configuration.maxConcurrentAnalyses),
            counters: EngineCounters(),
            clock: clock,
            defaultDeadlineMilliseconds: configuration.defaultDeadlineMilliseconds,
            startedAtMilliseconds: clock.nowMilliseconds()
        )
        dispatcher.maxFrameBytes = configuration.maxFrameBytes
        dispatcher.upstreams = meters
        dispatcher.spans = spans
        services.append(
            EngineServer(
                configuration: configuration,
                dispatcher: dispatcher,
                eventLoopGroup: eventLoopGroup,
                logger: logger,
                onListening: onListening
            )
        )
        return services
    }

    /// The configured corpus directory, or the one shipped next to the executable, or the build's resource
    /// bundle. The lookup never traps (unlike `Bundle.module` when the bundle has been moved).
    static func corpusDirectory(_ configured: String?) throws -> URL {
        if let configured { return URL(fileURLWithPath: configured, isDirectory: true) }
        let bundleName = "tagpulse_TagPulseEngine.resources"
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName))
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(bundleName)) }
        for candidate in candidates {
            let corpus = candidate.appendingPathComponent("corpus", isDirectory: true)
            if FileManager.default.fileExists(atPath: corpus.appendingPathComponent("index.json").path) { return corpus }
        }
        throw CorpusError(message: "the shipped corpus was not found; set TAGPULSE_CORPUS_PATH")
    }
}
