/// The head a connection's front scanned last, kept byte for byte with what the scanner read from it
/// (``HTTP1RequestScanner/scan(_:remembering:)``): a client's requests on one connection mostly repeat their head
/// exactly (a poller, a warm-up script, a load balancer's pooled connection replaying a hot URL), and the same bytes
/// scan to the same request, so a repeated head is compared instead of scanned again.
///
/// The comparison is in constant time over the kept head's length (``ConstantTimeBytes``): a load balancer may send
/// several clients' requests over one connection, and how far another client's head matched this one (its key) must
/// not show in how long the comparison took.
struct ScannedHead {
    /// The head's bytes, from the request line to the empty line that ends it.
    let bytes: [UInt8]
    /// What the scanner read from them.
    let hit: HitRequest
    /// The head's `Content-Length` (a POST's body), nil when it has none.
    let contentLength: Int?
    /// Whether its request is a hit candidate, once asked (``HitResolving/candidate(_:)``, which depends on the request
    /// alone): nil until then, `.some(nil)` for a request that is not one.
    var candidate: HitCandidate??

    /// Heads longer than this are not kept: an idle connection holds no large head (nor its strings).
    static let maximumBytes = 2048

    init?(bytes: UnsafeRawBufferPointer, hit: HitRequest, contentLength: Int?) {
        guard bytes.count <= Self.maximumBytes else { return nil }
        self.bytes = Array(bytes)
        self.hit = hit
        self.contentLength = contentLength
    }
}
