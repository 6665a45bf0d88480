import HTTPTypes
import NIOCore
import NIOHTTP1

extension APIError {
    /// A whole problem response for the channel handlers that answer before Hummingbird (the event-loop hit path,
    /// the header, body and parser guards): problem+json with its length, the request id and the security headers;
    /// `closing` adds `Connection: close`.
    func eventLoopProblem(requestID: String, closing: Bool) -> (fields: HTTPFields, body: ByteBuffer) {
        var (fields, body) = self.problemParts(requestID: requestID)
        fields[.contentLength] = String(body.readableBytes)
        if closing { fields[.connection] = "close" }
        fields[RequestTracingMiddleware.requestIDHeader] = requestID
        RequestTracingMiddleware.addSecurityHeaders(to: &fields)
        return (fields, body)
    }

    /// ``eventLoopProblem(requestID:closing:)`` as NIOHTTP1 parts, for the handlers before the HTTP/1 codec; always
    /// closing (those handlers end the connection after it).
    func http1Problem(requestID: String, version: HTTPVersion) -> (head: HTTPResponseHead, body: ByteBuffer) {
        let (fields, body) = self.eventLoopProblem(requestID: requestID, closing: true)
        var headers = HTTPHeaders()
        for field in fields { headers.add(name: field.name.rawName, value: field.value) }
        return (HTTPResponseHead(version: version, status: .init(statusCode: Int(self.status.code)), headers: headers), body)
    }
}
