import HTTPTypes

/// What the hit path reads of a request: its method and target and the few fields a hit depends on, each taken once.
/// ``HitFrontHandler``'s scanner fills it straight from the request's bytes (no `HTTPFields` is built for a hit);
/// ``HitPathHandler`` makes it from the codecs' `HTTPRequest` (``init(_:)``), so both paths decide from the same
/// values.
///
/// A request that repeats one of these fields, or carries `Origin` (CORS), `Cache-Control` or `Pragma`, is
/// ``isUnusual``: not a hit candidate. The router answers it as the general path always did (a repeated
/// `Authorization` is never a valid key, repeated `traceparent`s start a new trace, a repeated `Accept-Encoding` or
/// `If-None-Match` is read as its joined list), so the hit path never has to agree with it on joined values.
struct HitRequest: Sendable, Equatable {
    var method: HTTPRequest.Method
    var path: String
    var authorization: String?
    var apiKey: String?
    var requestID: String?
    var traceparent: String?
    var tracestate: String?
    /// `Accept-Encoding`; setting it decides ``acceptsGzip`` (a connection's repeated head reuses its request as it
    /// is, so the value is read once per connection, not once per hit).
    var acceptEncoding: String? {
        didSet { self.acceptsGzip = AcceptEncodingMemo.acceptsGzip(self.acceptEncoding) }
    }
    /// Whether ``acceptEncoding`` takes a gzip body.
    private(set) var acceptsGzip = false
    var ifNoneMatch: String?
    var contentType: String?
    var contentLength: String?
    /// A directive (`Origin`, `Cache-Control`, `Pragma`) or a field above given more than once: for the router.
    var isUnusual = false

    init(method: HTTPRequest.Method, path: String) {
        self.method = method
        self.path = path
    }

    /// The hit's view of a request the HTTP codecs parsed (nil path: `isUnusual`, so never a candidate).
    init(_ head: HTTPRequest) {
        self.init(method: head.method, path: head.path ?? "")
        if head.path == nil { self.isUnusual = true }
        for field in head.headerFields { self.add(field.name, field.value) }
    }

    /// A field the hit path reads.
    enum Field: CaseIterable {
        case authorization, apiKey, requestID, traceparent, tracestate, acceptEncoding, ifNoneMatch, contentType, contentLength
        /// `Origin`, `Cache-Control`, `Pragma`: present at all makes the request unusual.
        case directive

        /// The field of `name`, if the hit path reads it.
        init?(_ name: HTTPField.Name) {
            guard let field = Self.byName[name.canonicalName] else { return nil }
            self = field
        }

        /// The names of each field (a directive has three).
        var names: [HTTPField.Name] {
            switch self {
            case .authorization: [.authorization]
            case .apiKey: [APIKeyMiddleware.apiKeyHeader]
            case .requestID: [RequestTracingMiddleware.requestIDHeader]
            case .traceparent: [RequestTracingMiddleware.traceparentHeader]
            case .tracestate: [RequestTracingMiddleware.tracestateHeader]
            case .acceptEncoding: [.acceptEncoding]
            case .ifNoneMatch: [.ifNoneMatch]
            case .contentType: [.contentType]
            case .contentLength: [.contentLength]
            case .directive: [.origin, .cacheControl, EventLoopHits.pragma]
            }
        }

        /// The fields a value is kept for.
        static let kept = Self.allCases.filter { $0 != .directive }

        private static let byName: [String: Field] = Dictionary(
            uniqueKeysWithValues: Self.allCases.flatMap { field in field.names.map { ($0.canonicalName, field) } }
        )
    }

    /// Records one field of the request (every field passes here, in order; `value` is made only for a field read).
    mutating func add(_ name: HTTPField.Name, _ value: @autoclosure () -> String) {
        guard let field = Field(name) else { return }
        self.set(field, value())
    }

    /// Records `value` for `field`; a second value makes the request unusual.
    mutating func set(_ field: Field, _ value: String) {
        let repeated: Bool
        switch field {
        case .authorization: repeated = Self.put(value, in: &self.authorization)
        case .apiKey: repeated = Self.put(value, in: &self.apiKey)
        case .requestID: repeated = Self.put(value, in: &self.requestID)
        case .traceparent: repeated = Self.put(value, in: &self.traceparent)
        case .tracestate: repeated = Self.put(value, in: &self.tracestate)
        case .acceptEncoding: repeated = Self.put(value, in: &self.acceptEncoding)
        case .ifNoneMatch: repeated = Self.put(value, in: &self.ifNoneMatch)
        case .contentType: repeated = Self.put(value, in: &self.contentType)
        case .contentLength: repeated = Self.put(value, in: &self.contentLength)
        case .directive: repeated = true
        }
        if repeated { self.isUnusual = true }
    }

    /// Whether `slot` held a value already.
    /// The value kept for `field` (nil for ``Field/directive``, which keeps none).
    func value(_ field: Field) -> String? {
        switch field {
        case .authorization: self.authorization
        case .apiKey: self.apiKey
        case .requestID: self.requestID
        case .traceparent: self.traceparent
        case .tracestate: self.tracestate
        case .acceptEncoding: self.acceptEncoding
        case .ifNoneMatch: self.ifNoneMatch
        case .contentType: self.contentType
        case .contentLength: self.contentLength
        case .directive: nil
        }
    }

    private static func put(_ value: String, in slot: inout String?) -> Bool {
        defer { slot = value }
        return slot != nil
    }
}
