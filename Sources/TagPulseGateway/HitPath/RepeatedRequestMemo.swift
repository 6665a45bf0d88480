import HTTPTypes
import NIOCore
import TagPulseCache

/// The last request a connection had looked up on the event loop, by its exact bytes (method, path, body) and the
/// engine identity, with its cache key and route: a connection asking the same again (a dashboard polling,
/// a client retrying) compares bytes instead of taking ``HitKeyMemo``'s lock and hashing its path and body (0.9 % of
/// a leased 106 KB hit's samples, `perf`, 2026-12-07). Requests that differ in any byte are not the same request here
/// either, so bodies that differ in any field never share an entry.
///
/// One per connection (``HitConnectionMemo``), used on its event loop only. It keeps its own copy of a path and body
/// of at most ``maximumBytes`` each (a request slice would keep the whole read buffer alive), so an idle connection
/// holds at most a few KiB here; a larger request is simply not remembered.
struct RepeatedRequestMemo {
    static let maximumBytes = 1024

    private var method = HTTPRequest.Method.get
    private var path = ""
    private var body: ByteBuffer?
    private var identity: EngineIdentity.Value?
    private var found: (key: CacheKey, route: HitRoute)?

    init() {}

    /// Bytes of storage the remembered body holds (tests: its own copy, not the read buffer it was a slice of).
    var bodyStorageBytes: Int { self.body?.storageCapacity ?? 0 }

    /// The key and route of the request remembered last, when this one is the same bytes under the same identity.
    func key(_ method: HTTPRequest.Method, path: String, body: ByteBuffer?, identity: EngineIdentity.Value) -> (CacheKey, HitRoute)? {
        guard let found = self.found, method == self.method, path == self.path, body == self.body, identity == self.identity
        else { return nil }
        return found
    }

    /// Remembers `key` and `route` for this request (a copy of its bytes), unless the path or body is too large to keep.
    mutating func remember(
        _ key: CacheKey,
        route: HitRoute,
        method: HTTPRequest.Method,
        path: String,
        body: ByteBuffer?,
        identity: EngineIdentity.Value
    ) {
        guard path.utf8.count <= Self.maximumBytes, (body?.readableBytes ?? 0) <= Self.maximumBytes else {
            self.found = nil
            return
        }
        self.method = method
        self.path = path
        self.body = body.map { ByteBuffer(bytes: $0.readableBytesView) }
        self.identity = identity
        self.found = (key, route)
    }
}
