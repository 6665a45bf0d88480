import HTTPTypes
import Hummingbird

/// Sets `context.clientAddress` (and `client.address` on the logger) from the connection's peer and, through trusted
/// proxies only, `X-Forwarded-For` (``ClientAddressResolver``). Goes right after the tracing middleware, so every
/// later middleware (per-IP limits, auth failure limits) and log line sees it.
public struct ClientAddressMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    let resolver: ClientAddressResolver

    public init(resolver: ClientAddressResolver) {
        self.resolver = resolver
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let forwardedFor = self.resolver.trustedProxies.isEmpty ? [] : request.headers[values: Self.forwardedFor]
        context.clientAddress = self.resolver.resolve(peer: context.remoteAddress, forwardedFor: forwardedFor)
        if let address = context.clientAddress {
            context.logger[metadataKey: "client.address"] = .string(address)
            context.trace.clientAddress = address
        }
        return try await next(request, context)
    }
}
