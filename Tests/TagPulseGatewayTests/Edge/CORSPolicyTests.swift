import Testing

@testable import TagPulseGateway

@Suite("CORS policy: origin matching and configuration")
struct CORSPolicyTests {
    /// (configured origins, request `Origin`, expected `Access-Control-Allow-Origin` or nil when refused)
    static let vectors: [(String, String, String?)] = [
        ("https://app.example.com", "https://app.example.com", "https://app.example.com"),
        ("https://app.example.com", "https://APP.Example.com", "https://APP.Example.com"),
        ("https://app.example.com", "HTTPS://app.example.com", "HTTPS://app.example.com"),
        ("HTTPS://App.Example.COM", "https://app.example.com", "https://app.example.com"),
        ("https://app.example.com", "https://app.example.com/", nil),
        ("https://app.example.com", "https://app.example.com/path", nil),
        ("https://app.example.com", "http://app.example.com", nil),
        ("https://app.example.com", "https://app.example.com:8443", nil),
        ("https://app.example.com", "https://app.example.com:443", "https://app.example.com:443"),
        ("https://app.example.com:8443", "https://app.example.com:8443", "https://app.example.com:8443"),
        ("https://app.example.com:8443", "https://app.example.com", nil),
        ("http://localhost:5173", "http://localhost:5173", "http://localhost:5173"),
        ("http://localhost:5173", "http://localhost:5174", nil),
        ("http://localhost:5173", "http://localhost", nil),
        ("http://localhost", "http://localhost:80", "http://localhost:80"),
        ("https://app.example.com", "https://evil.app.example.com", nil),
        ("https://app.example.com", "https://app.example.com.evil.net", nil),
        ("https://app.example.com", "https://evilapp.example.com", nil),
        ("https://app.example.com", "null", nil),
        ("https://app.example.com", "", nil),
        ("https://app.example.com", "app.example.com", nil),
        ("https://app.example.com", "https://user@app.example.com", nil),
        ("https://app.example.com", "https://app.example.com, https://evil.net", nil),
        ("https://app.example.com", "https://app.example.com?x=1", nil),
        ("https://a.example, https://b.example", "https://b.example", "https://b.example"),
        ("http://[::1]:8080", "http://[::1]:8080", "http://[::1]:8080"),
        ("http://[::1]:8080", "http://[::2]:8080", nil),
        ("*", "https://anyone.example", "*"),
        ("*", "null", "*"),
    ]

    @Test("origin vectors")
    func originVectors() throws {
        for (configured, origin, expected) in Self.vectors {
            let policy = try CORSPolicy(parsing: configured)
            #expect(policy.allowOrigin(for: origin) == expected, "configured \(configured), Origin: \(origin)")
        }
    }

    @Test("empty configuration is off; '*' has no credentials; exact lists do")
    func modes() throws {
        #expect(try CORSPolicy(parsing: "") == .disabled)
        #expect(try CORSPolicy(parsing: " , ") == .disabled)
        #expect(!CORSPolicy.disabled.isEnabled)
        #expect(CORSPolicy.disabled.allowOrigin(for: "https://app.example.com") == nil)
        let any = try CORSPolicy(parsing: "*")
        #expect(any.isEnabled && !any.allowsCredentials && !any.variesByOrigin)
        let exact = try CORSPolicy(parsing: "https://app.example.com")
        #expect(exact.isEnabled && exact.allowsCredentials && exact.variesByOrigin)
    }

    @Test(
        "bad configured origins throw with the entry",
        arguments: [
            ("https://app.example.com/", "https://app.example.com/"),
            ("https://app.example.com, *", "*"),
            ("null", "null"),
            ("app.example.com", "app.example.com"),
            ("https://*.example.com", "https://*.example.com"),
            ("https://app.example.com:99999", "https://app.example.com:99999"),
            ("https://", "https://"),
            ("https://app.example.com/api", "https://app.example.com/api"),
        ]
    )
    func invalidOrigins(list: String, entry: String) {
        let error = #expect(throws: CORSPolicy.InvalidOrigin.self, "\(list)") {
            try CORSPolicy(parsing: list)
        }
        #expect(error?.entry == entry)
    }
}
