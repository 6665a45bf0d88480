/// How the engine talks HTTP to its upstreams (and the `tagpulse` CLI to a gateway). ``CurlHTTPClient`` is the real
/// one (libcurl); tests may use another.
public protocol UpstreamHTTPClient: Sendable {
    func execute(_ request: UpstreamHTTPRequest) async throws(UpstreamHTTPError) -> UpstreamHTTPResponse
}
