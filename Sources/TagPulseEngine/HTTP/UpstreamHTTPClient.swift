/// How the engine talks HTTP to its upstreams. ``CurlHTTPClient`` is the real one (libcurl); tests may use
/// another.
protocol UpstreamHTTPClient: Sendable {
    func execute(_ request: UpstreamHTTPRequest) async throws(UpstreamHTTPError) -> UpstreamHTTPResponse
}
