// Hummingbird 2 app whose cache-hit route is answered by an event-loop channel handler (CacheHitHandler);
// every other request goes through to the Hummingbird router as usual.
//
// Options:
//   --placement additional   (default) handler installed with HTTP1Channel's `additionalChannelHandlers`:
//                            it sits after HTTP decoding and BEFORE HTTPConnectionStateHandler.
//   --placement after-state  same handler, installed AFTER HTTPConnectionStateHandler by GatewayHTTP1Channel
//                            (a copy of HTTP1Channel.setup), so the state handler sees every request/response.
//   --hit-delay-ms N         answer hits N ms later on the same event loop (stands in for the Redis round trip).
//   --idle-timeout-s N       Hummingbird idle timeout (off by default, as in Hummingbird).
//   --threads N              event loop threads (default: one per core).
import BenchSupport
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

let arguments = BenchArguments()
let body = loadBody(path: arguments.bodyPath)
let placement = arguments.options["placement"] ?? "additional"
let hitDelay: TimeAmount? = arguments.options["hit-delay-ms"].flatMap(Int64.init).flatMap { $0 > 0 ? .milliseconds($0) : nil }
let idleTimeout: TimeAmount? = arguments.options["idle-timeout-s"].flatMap(Int64.init).map { .seconds($0) }

/// HTTP1Channel.setup with one difference: the cache-hit handler goes after HTTPConnectionStateHandler.
struct GatewayHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>
    let responder: HTTPChannelHandler.Responder
    let idleTimeout: TimeAmount?
    let makeHitHandler: @Sendable () -> CacheHitHandler

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Same decoder limits as HTTP1Channel's defaults.
            let defaults = HTTP1Channel.Configuration().httpDecoder
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
            limits.maxHeaderListSize = defaults.maxHeaderListSize
            limits.maxHeaderFieldCount = defaults.maxHeaderFieldCount
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false,  // HTTP is pipelined by NIOAsyncChannel
                withErrorHandling: false,  // Hummingbird handles errors
                withOutboundHeaderValidation: false,  // swift-http-types validates
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: limits
            )
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionStateHandler(idleTimeout: self.idleTimeout.map { .init($0) }, logger: logger)
            )
            try channel.pipeline.syncOperations.addHandler(self.makeHitHandler())
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(isOutboundHalfClosureEnabled: true)
            )
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.handleHTTP(asyncChannel: value, logger: logger)
    }
}

let router = Router()
// Fallback route: same body through the router (used when a hit cannot be answered on the event loop).
router.get("/body") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
router.get("/other") { _, _ in "routed\n" }

let server: HTTPServerBuilder
switch placement {
case "additional":
    server = .http1(
        configuration: .init(
            additionalChannelHandlers: [CacheHitHandler(body: body, hitDelay: hitDelay)],
            idleTimeout: idleTimeout
        )
    )
case "after-state":
    server = HTTPServerBuilder { responder in
        GatewayHTTP1Channel(responder: responder, idleTimeout: idleTimeout) {
            CacheHitHandler(body: body, hitDelay: hitDelay)
        }
    }
default:
    fatalError("--placement additional|after-state")
}

var logger = Logger(label: "hb-eventloop")
logger.logLevel = .warning
let app = Application(
    router: router,
    server: server,
    configuration: .init(address: .hostname(loopback, port: arguments.port)),
    eventLoopGroupProvider: .shared(eventLoopGroup(arguments)),  // default: .singleton, one loop per core
    logger: logger
)
try await app.runService()
