import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseSettings
import TagPulseWire

/// Builds the engine from its configuration: the corpus, the pipeline, the dispatcher and the socket server.
/// `tagpulse-engine` runs the returned services in one `ServiceGroup`; tests build the same thing.
public enum EngineApplication {
    public static func makeServer(
        configuration: EngineConfiguration,
        logger: Logger,
        clock: WallClock = .system,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> EngineServer {
        let store = try CorpusStore(directory: try Self.corpusDirectory(configuration.corpusPath))
        let pipeline = AnalysisPipeline(
            source: CorpusSource(store: store),
            analyzer: LocalVideoAnalyzer(),
            limits: configuration.pipeline,
            clock: clock,
            engineVersion: EngineVersion.current
        )
        let dispatcher = EngineDispatcher(
            pipeline: pipeline,
            limiter: ConcurrencyLimiter(limit: configuration.maxConcurrentAnalyses),
            counters: EngineCounters(),
            clock: clock,
            defaultDeadlineMilliseconds: configuration.defaultDeadlineMilliseconds,
            startedAtMilliseconds: clock.nowMilliseconds()
        )
        logger.info(
            "engine.corpus.loaded",
            metadata: ["corpus.hashtags": "\(store.names(of: .hashtag).count)", "corpus.accounts": "\(store.names(of: .account).count)"]
        )
        return EngineServer(
            configuration: configuration,
            dispatcher: dispatcher,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            onListening: onListening
        )
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
