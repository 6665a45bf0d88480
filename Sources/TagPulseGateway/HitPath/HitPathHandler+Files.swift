import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

// Large hot bodies on connections the front handed on for good (decision 0006, "large hot bodies sent with
// `sendfile(2)`"): a client that once sent something the front does not frame (a field value outside ASCII, HTTP/1.0,
// a chunked body) keeps this path for the rest of the connection, and so does every request a load
// balancer sends on that pooled connection afterwards. Its 106 KB hits would otherwise be copied into the socket.
extension HitPathHandler {
    /// The body of `prepared` as this handler writes it: its file as a `FileRegion` only when the HTTP/1 codec is in
    /// the pipeline (the region is written just below it), else as ``HitResponse/Prepared/outgoingBody(on:sendsFiles:)``
    /// gives it. nil as that is.
    func body(of prepared: HitResponse.Prepared, context: ChannelHandlerContext) -> (HitResponse.OutgoingBody, codec: ChannelHandlerContext?)? {
        let codec = prepared.bodyFile == nil ? nil : try? context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
        return prepared.outgoingBody(on: context.eventLoop, sendsFiles: codec != nil).map { ($0, codec) }
    }

    /// Writes `body` between the head and the end this handler writes through the whole pipeline, so the three leave
    /// in order: a `FileRegion` at the codec (an HTTP/1 body part like any other, for every handler under it and the
    /// encoder), bytes as a body part.
    func write(_ body: HitResponse.OutgoingBody, codec: ChannelHandlerContext?, context: ChannelHandlerContext) {
        switch body {
        case .file(let region):
            codec?.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: nil)
        case .bytes(let bytes):
            context.write(self.wrapOutboundOut(.body(bytes)), promise: nil)
        case .none:
            break
        }
    }
}
