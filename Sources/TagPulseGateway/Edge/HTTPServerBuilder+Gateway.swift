import HummingbirdCore

extension HTTPServerBuilder {
    /// An HTTP/1.1 server on ``GatewayHTTP1Channel``: `Application(router:server: .gatewayHTTP1(configuration: …))`.
    public static func gatewayHTTP1(configuration: GatewayHTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in
            GatewayHTTP1Channel(responder: responder, configuration: configuration)
        }
    }
}
