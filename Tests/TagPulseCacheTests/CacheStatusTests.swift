import Testing

@testable import TagPulseCache

@Suite struct CacheStatusTests {
    @Test(arguments: [
        (CacheStatus(.hit), "TagPulse; hit"),
        (CacheStatus(.forward(.miss), stored: true), "TagPulse; fwd=miss; stored"),
        (CacheStatus(.forward(.uriMiss), stored: true), "TagPulse; fwd=uri-miss; stored"),
        (CacheStatus(.hit, detail: "stale-while-revalidate"), "TagPulse; hit; detail=stale-while-revalidate"),
        (
            CacheStatus(.forward(.stale, status: 503), detail: "stale-if-error"),
            "TagPulse; fwd=stale; fwd-status=503; detail=stale-if-error"
        ),
        (CacheStatus(.forward(.uriMiss), collapsed: true), "TagPulse; fwd=uri-miss; collapsed"),
        (CacheStatus(.forward(.request, status: 200), stored: true), "TagPulse; fwd=request; fwd-status=200; stored"),
        (CacheStatus(.forward(.bypass), detail: "no-store"), "TagPulse; fwd=bypass; detail=no-store"),
        (CacheStatus(.hit, ttl: 376), "TagPulse; hit; ttl=376"),
        (CacheStatus(.hit, ttl: -412), "TagPulse; hit; ttl=-412"),
        (CacheStatus(.forward(.stale, status: 200), ttl: 900, stored: true), "TagPulse; fwd=stale; fwd-status=200; ttl=900; stored"),
        (CacheStatus(.hit, key: "tp:c:{ab12}"), "TagPulse; hit; key=\"tp:c:{ab12}\""),
        (CacheStatus(.hit, key: "say \"hi\" \\ bye"), #"TagPulse; hit; key="say \"hi\" \\ bye""#),
        (CacheStatus(.hit, detail: "redis down"), "TagPulse; hit; detail=\"redis down\""),
        (CacheStatus(.hit, detail: "café"), "TagPulse; hit; detail=\"caf?\""),
        (CacheStatus(.hit, detail: "1abc"), "TagPulse; hit; detail=\"1abc\""),  // a token cannot start with a digit
        (CacheStatus(.hit, detail: "a:b/c"), "TagPulse; hit; detail=a:b/c"),
        (CacheStatus(.hit, cacheName: "TagPulse EU"), "\"TagPulse EU\"; hit"),
        (CacheStatus(.hit, ttl: .max), "TagPulse; hit; ttl=999999999999999"),
        (CacheStatus(.hit, ttl: .min), "TagPulse; hit; ttl=-999999999999999"),
    ])
    func serialises(status: CacheStatus, expected: String) {
        #expect(status.headerValue == expected)
        #expect(status.description == expected)
        #expect(Self.isStructuredFieldItem(expected), "valid sf-item syntax")
    }

    @Test func everyForwardReasonIsItsRFCToken() {
        #expect(
            CacheStatus.ForwardReason.allCases.map(\.rawValue)
                == ["bypass", "method", "uri-miss", "vary-miss", "miss", "request", "stale", "partial"]
        )
    }

    /// A small checker for the RFC 9651 grammar used here: bare item (token or string), then `; key[=value]`
    /// parameters with lower-case keys and token, string or integer values.
    static func isStructuredFieldItem(_ text: String) -> Bool {
        var rest = Substring(text)
        func bareItem() -> Bool {
            if rest.first == "\"" {
                rest.removeFirst()
                while let character = rest.first {
                    rest.removeFirst()
                    if character == "\\" {
                        guard let escaped = rest.first, escaped == "\"" || escaped == "\\" else { return false }
                        rest.removeFirst()
                    } else if character == "\"" {
                        return true
                    } else if !(character.isASCII && (" "..."~").contains(character)) {
                        return false
                    }
                }
                return false
            }
            if let first = rest.first, first == "-" || first.isNumber {
                rest.removeFirst()
                while let digit = rest.first, digit.isASCII, digit.isNumber { rest.removeFirst() }
                return true
            }
            guard let first = rest.first, first.isASCII, first.isLetter || first == "*" else { return false }
            while let character = rest.first, character != ";" {
                guard CacheStatus.isStructuredToken(String(first) + String(character)) else { return false }
                rest.removeFirst()
            }
            return true
        }
        guard bareItem() else { return false }
        while !rest.isEmpty {
            guard rest.hasPrefix("; ") else { return false }
            rest.removeFirst(2)
            var key = ""
            while let character = rest.first, character.isASCII, character.isLowercase || character.isNumber || "_-.*".contains(character) {
                key.append(character)
                rest.removeFirst()
            }
            guard !key.isEmpty else { return false }
            if rest.first == "=" {
                rest.removeFirst()
                guard bareItem() else { return false }
            }
        }
        return true
    }
}

@Suite("CacheStatus fast hit value")
struct CacheStatusHitValueTests {
    @Test(arguments: [Int64(0), 1, 893, 86_400])
    func theHitValueIsTheSerialisersOwn(ttl: Int64) {
        #expect(CacheStatus.hitHeaderValue(ttl: ttl) == CacheStatus(.hit, ttl: ttl).headerValue)
    }
}
