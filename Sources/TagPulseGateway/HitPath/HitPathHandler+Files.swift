import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

// Large hot bodies on connections the front handed on for good (decision 0006, "large hot bodies sent with
// `sendfile(2)`"): a client that once sent something the front does not frame (a field value outside ASCII, HTTP/1.0,
// a chunked body) keeps this path for the rest of the connection, and so does every request a load
// balancer sends on that pooled connection afterwards. Its 106 KB hits would otherwise be copied into the socket.
extension HitPathHandler {
    /// Writes `body` as a `FileRegion` of `file` just below the HTTP/1 codec (an HTTP/1 body part like any other, for
    /// every handler under it and the encoder), between the head and the end this handler writes through the whole
    /// pipeline, so the three leave in order. The write holds the file until it has completed, as the front's does.
    /// False, and nothing written, when there is no usable file (none, another length, the descriptor budget spent) or
    /// no codec in the pipeline: the caller writes the bytes.
    func writeFile(_ file: HotBodyFile?, of body: ByteBuffer, context: ChannelHandlerContext) -> Bool {
        guard let file, let codec = try? context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self),
            let (region, sent) = file.region(for: body, on: context.eventLoop)
        else { return false }
        codec.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))), promise: sent)
        return true
    }
}
