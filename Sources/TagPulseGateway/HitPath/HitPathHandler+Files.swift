import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

// Large hot bodies on connections the front handed on for good (decision 0006, "large hot bodies sent with
// `sendfile(2)`"): a client that once sent something the front does not frame (a field value outside ASCII, HTTP/1.0,
// a chunked body) keeps this path for the rest of the connection, and so does every request a load
// balancer sends on that pooled connection afterwards. Its 106 KB hits would otherwise be copied into the socket.
extension HitPathHandler {
    /// The body of `prepared` as this handler writes it: a `FileRegion` of its file to write just below the HTTP/1 codec
    /// (an HTTP/1 body part like any other, for every handler under it and the encoder; the write holds the file until
    /// it has completed, as the front's does), else its bytes (the file's read back when it has no others: no codec in
    /// the pipeline, the descriptor budget spent), else nothing; nil when the file's bytes could not be read back.
    func body(of prepared: HitResponse.Prepared, context: ChannelHandlerContext) -> PreparedBody? {
        if let file = prepared.bodyFile, let codec = try? context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self),
            let (region, sent) = file.region(on: context.eventLoop)
        {
            return .file(region, sent, codec: codec)
        }
        if let bytes = prepared.body ?? prepared.bodyFile?.read() { return .bytes(bytes) }
        return prepared.bodyFile == nil ? PreparedBody.none : nil
    }

    /// Writes `body` between the head and the end this handler writes through the whole pipeline, so the three
    /// leave in order.
    func write(_ body: PreparedBody, context: ChannelHandlerContext) {
        switch body {
        case .file(let region, let sent, let codec):
            codec.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: sent)
        case .bytes(let bytes):
            context.write(self.wrapOutboundOut(.body(bytes)), promise: nil)
        case .none:
            break
        }
    }

    enum PreparedBody {
        case file(FileRegion, EventLoopPromise<Void>, codec: ChannelHandlerContext)
        case bytes(ByteBuffer)
        case none
    }
}
