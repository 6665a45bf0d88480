import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The gateway's HTTP/1.1 child channel: Hummingbird 2.28.1's `HTTP1Channel.setup` (public API only, decision 0001;
/// diff it against `HTTP1Channel.swift` at every Hummingbird upgrade) plus the handlers that protect the listener
/// from slow or oversized request heads and slow bodies:
///
/// ```
/// bytes ─▶ [HitFrontHandler] ─▶ RequestHeadTimeoutHandler ─▶ HTTP decoder / encoder ─▶ HeadObserver
///       ─▶ HeaderLimitHandler ─▶ RequestBodyTimeoutHandler ─▶ HTTP1ToHTTPServerCodec ─▶ ConnectionStateHandler
///       ─▶ DrainCloseHandler ─▶ [HitPathHandler]
///       ─▶ NIOAsyncChannel (Hummingbird's request loop)
/// ```
///
/// From the codec on it behaves as `HTTP1Channel`: idle timeout, keep-alive, `Connection: close` and graceful
/// shutdown. `ConnectionStateHandler` stands in for Hummingbird's `HTTPConnectionStateHandler` so that the requests
/// `HitFrontHandler` answers from raw bytes, before the codecs, count for the idle timeout and graceful shutdown
/// too (decision 0006). Requests the front cannot answer whole reach the codecs as the client sent them, and
/// `HitPathHandler` answers the hits among them (decisions 0001, 0003).
public struct GatewayHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    public typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    /// Limits of the HTTP/1 listener (`http.*` keys of the configuration).
    public struct Configuration: Sendable {
        /// Keep-alive connections idle this long are closed (Hummingbird's idle timeout); nil: never.
        public var idleTimeout: TimeAmount?
        /// From a request's first byte to the end of its head.
        public var headerTimeout: TimeAmount
        /// Most header fields a request may have.
        public var maxHeaderCount: Int
        /// Most bytes the header fields may take together (name + value + 4 per field).
        public var maxHeaderBytes: Int
        /// From a request's head to the end of its body (``RequestBodyTimeoutHandler``).
        public var bodyTimeout: TimeAmount
        /// How long ``HitFrontHandler`` holds a request split across reads for its rest.
        public var splitRequestWait = HitFrontHandler.defaultSplitWait
        /// Answers cache hits on the event loop (decisions 0001, 0003); nil: every request goes to the router.
        var cacheHits: (any HitResolving)?
        /// While it says draining, responses close their connections; nil: never.
        var drain: DrainState?

        public init(
            idleTimeout: TimeAmount? = nil,
            headerTimeout: TimeAmount = .seconds(10),
            maxHeaderCount: Int = 100,
            maxHeaderBytes: Int = 16 * 1024,
            bodyTimeout: TimeAmount = .seconds(10)
        ) {
            self.idleTimeout = idleTimeout
            self.headerTimeout = headerTimeout
            self.maxHeaderCount = maxHeaderCount
            self.maxHeaderBytes = maxHeaderBytes
            self.bodyTimeout = bodyTimeout
        }
    }

    public let responder: HTTPChannelHandler.Responder
    public let configuration: Configuration

    public init(responder: @escaping HTTPChannelHandler.Responder, configuration: Configuration = .init()) {
        self.responder = responder
        self.configuration = configuration
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try Self.addHandlers(to: channel.pipeline.syncOperations, configuration: self.configuration, logger: logger)
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(isOutboundHalfClosureEnabled: true)
            )
        }
    }

    public func handle(value: Value, logger: Logger) async {
        await self.handleHTTP(asyncChannel: value, logger: logger)
    }

    /// The whole pipeline up to (not including) the `NIOAsyncChannel`; tests build it on an `EmbeddedChannel`.
    static func addHandlers(
        to pipeline: ChannelPipeline.SynchronousOperations,
        configuration: Configuration,
        logger: Logger,
        generateRequestID: @escaping () -> String = RequestTracingMiddleware.randomID
    ) throws {
        let activity = ConnectionActivity(idleTimeout: configuration.idleTimeout)
        if let cacheHits = configuration.cacheHits {
            let scanner = HTTP1RequestScanner(maximumFieldCount: configuration.maxHeaderCount, maximumFieldBytes: configuration.maxHeaderBytes)
            try pipeline.addHandler(
                HitFrontHandler(
                    resolver: cacheHits.forFront(),
                    scanner: scanner,
                    activity: activity,
                    drain: configuration.drain,
                    splitWait: configuration.splitRequestWait
                )
            )
        }
        let headTimeout = RequestHeadTimeoutHandler(timeout: configuration.headerTimeout, logger: logger)
        try pipeline.addHandler(headTimeout)
        // HTTP1Channel's decoder limits, with room for one field over our own cap so that case is a 431, not a 400.
        let defaults = HTTP1Channel.Configuration().httpDecoder
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
        limits.maxHeaderListSize = defaults.maxHeaderListSize
        limits.maxHeaderFieldCount = max(defaults.maxHeaderFieldCount, configuration.maxHeaderCount + 1)
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: false,  // HTTP is pipelined by NIOAsyncChannel
            withErrorHandling: false,  // Hummingbird handles errors
            withOutboundHeaderValidation: false,  // swift-http-types validates
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: limits
        )
        try pipeline.addHandler(RequestHeadTimeoutHandler.HeadObserver(headTimeout))
        try pipeline.addHandler(
            HeaderLimitHandler(
                maxCount: configuration.maxHeaderCount,
                maxBytes: configuration.maxHeaderBytes,
                generateRequestID: generateRequestID
            )
        )
        try pipeline.addHandler(
            RequestBodyTimeoutHandler(timeout: configuration.bodyTimeout, logger: logger, generateRequestID: generateRequestID)
        )
        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try pipeline.addHandler(ConnectionStateHandler(activity: activity))
        // Always there: it also closes connections after responses that say `Connection: close` (a 413).
        try pipeline.addHandler(DrainCloseHandler(state: configuration.drain ?? DrainState()))
        if let cacheHits = configuration.cacheHits {
            try pipeline.addHandler(HitPathHandler(resolver: cacheHits, activity: activity))
        }
    }
}
