// Minimal raw SwiftNIO HTTP/1 server: answers `GET /body` on the event loop from a preallocated
// ByteBuffer. No async/await anywhere on the request path.
import BenchSupport
import NIOCore
import NIOHTTP1
import NIOPosix

let arguments = BenchArguments()
let body = loadBody(path: arguments.bodyPath)

final class BodyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let body: ByteBuffer
    private var route: (found: Bool, keepAlive: Bool) = (false, true)
    private var needsFlush = false

    init(body: ByteBuffer) { self.body = body }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.route = (head.method == .GET && head.uri == "/body", head.isKeepAlive)
        case .body:
            break
        case .end:
            var headers = HTTPHeaders()
            let status: HTTPResponseStatus
            let payload: ByteBuffer?
            if self.route.found {
                status = .ok
                payload = self.body
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: "\(self.body.readableBytes)")
            } else {
                status = .notFound
                payload = nil
                headers.add(name: "Content-Length", value: "0")
            }
            if !self.route.keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(self.wrapOutboundOut(.head(.init(version: .http1_1, status: status, headers: headers))), promise: nil)
            if let payload {
                context.write(self.wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil)
            }
            if self.route.keepAlive {
                context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
                self.needsFlush = true
            } else {
                context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
    }

    // One flush per read batch: pipelined or batched requests share a single writev.
    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }
}

let group = eventLoopGroup(arguments)  // default: MultiThreadedEventLoopGroup.singleton, System.coreCount loops
let channel = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelOption(.maxMessagesPerRead, value: 16)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(BodyHandler(body: body))
        }
    }
    .bind(host: loopback, port: arguments.port)
    .get()
print("nio-raw listening on \(loopback):\(arguments.port)")
try await channel.closeFuture.get()
