import Foundation

/// Which browser origins may call the API (`TAGPULSE_CORS_ORIGINS`, DESIGN §3), and the fixed lists of methods and
/// headers the gateway allows and exposes.
///
/// - Empty (the default): CORS is off and ``CORSMiddleware`` adds nothing.
/// - Exact origins (`https://app.example.com, http://localhost:5173`): compared after lower-casing scheme and host
///   and dropping a default port (`:443` for https, `:80` for http); no wildcards, no paths, never `null`. Allowed
///   origins get `Access-Control-Allow-Credentials: true` (the gateway sets no cookies; this only lets a browser
///   client send its credentials mode).
/// - `*` alone: any origin, and then never `Access-Control-Allow-Credentials` (browsers refuse the pair).
public struct CORSPolicy: Sendable, Equatable {
    public enum AllowedOrigins: Sendable, Equatable {
        case none
        case any
        /// Normalised origins (see ``CORSPolicy/normalisedOrigin(_:)``).
        case exact(Set<String>)
    }

    public var allowedOrigins: AllowedOrigins

    /// A configured origin the policy cannot use; `entry` is the offending text.
    public struct InvalidOrigin: Error, Sendable, Equatable, CustomStringConvertible {
        public var entry: String
        public var reason: String

        public var description: String { "\"\(self.entry)\": \(self.reason)" }
    }

    public static let disabled = CORSPolicy(allowedOrigins: .none)

    public static let allowedMethods = "GET, POST, DELETE, OPTIONS"
    public static let allowedHeaders = "Authorization, X-API-Key, Content-Type, X-Request-ID, If-None-Match, Cache-Control"
    public static let exposedHeaders =
        "RateLimit, RateLimit-Policy, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Cache-Status, Age, ETag, X-Request-ID, TagPulse-Degraded"
    /// How long a browser may cache a preflight answer, in seconds.
    public static let maxAgeSeconds = 600

    public init(allowedOrigins: AllowedOrigins) {
        self.allowedOrigins = allowedOrigins
    }

    /// Parses a comma-separated list; spaces and empty entries are ignored, so `""` is ``disabled``.
    public init(parsing list: String) throws(InvalidOrigin) {
        let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try self.init(origins: entries)
    }

    public init(origins: [String]) throws(InvalidOrigin) {
        if origins.isEmpty {
            self = .disabled
            return
        }
        if origins.contains("*") {
            guard origins.count == 1 else {
                throw InvalidOrigin(entry: "*", reason: "'*' allows every origin and cannot be combined with a list")
            }
            self.init(allowedOrigins: .any)
            return
        }
        var set: Set<String> = []
        for origin in origins {
            if origin.lowercased() == "null" {
                throw InvalidOrigin(entry: origin, reason: "the null origin (sandboxed frames, local files) cannot be trusted")
            }
            guard let normalised = Self.normalisedOrigin(origin) else {
                throw InvalidOrigin(entry: origin, reason: "must be scheme://host[:port] with no path or trailing slash")
            }
            set.insert(normalised)
        }
        self.init(allowedOrigins: .exact(set))
    }

    public var isEnabled: Bool { self.allowedOrigins != .none }

    /// Whether responses depend on `Origin` (exact lists), so every response must say `Vary: Origin`.
    public var variesByOrigin: Bool {
        if case .exact = self.allowedOrigins { return true }
        return false
    }

    /// Whether allowed responses carry `Access-Control-Allow-Credentials: true` (exact lists only).
    public var allowsCredentials: Bool { self.variesByOrigin }

    /// The `Access-Control-Allow-Origin` value for a request's `Origin`, or nil when it is not allowed: `*`, or the
    /// origin exactly as the browser sent it.
    public func allowOrigin(for origin: String) -> String? {
        switch self.allowedOrigins {
        case .none:
            return nil
        case .any:
            return "*"
        case .exact(let origins):
            guard let normalised = Self.normalisedOrigin(origin), origins.contains(normalised) else { return nil }
            return origin
        }
    }

    /// `scheme://host[:port]` with scheme and host lower-cased and a default port dropped, or nil when the text is
    /// not a serialised origin (a path, even `/`; user info; a query; an empty host; `null`).
    public static func normalisedOrigin(_ text: String) -> String? {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        let authority = text[separator.upperBound...]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        var host = Substring(authority)
        var port: Substring?
        if authority.hasPrefix("[") {
            // IPv6 literal: `[2001:db8::1]` or `[2001:db8::1]:8443`.
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                port = rest.dropFirst()
            }
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0) else { return nil }
        var result = scheme + "://" + host.lowercased()
        if let port {
            guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), number <= 65535 else {
                return nil
            }
            let isDefault = (scheme == "https" && number == 443) || (scheme == "http" && number == 80)
            if !isDefault { result += ":\(number)" }
        }
        return result
    }
}
