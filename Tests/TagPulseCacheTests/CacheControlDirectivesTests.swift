import Testing

@testable import TagPulseCache

@Suite struct CacheControlDirectivesTests {
    typealias Directives = CacheControlDirectives

    @Test(
        arguments: [
            (nil, Directives()),
            ("", Directives()),
            ("no-cache", Directives(noCache: true)),
            ("No-Cache", Directives(noCache: true)),
            ("NO-STORE", Directives(noStore: true)),
            ("only-if-cached", Directives(onlyIfCached: true)),
            ("max-age=0", Directives(maxAge: 0)),
            ("max-age=\"0\"", Directives(maxAge: 0)),
            ("Max-Age = 60", Directives(maxAge: 60)),
            ("max-age=60, max-age=10", Directives(maxAge: 10)),
            ("max-age=abc", Directives()),
            ("max-age=-1", Directives()),
            ("max-age=1.5", Directives()),
            ("max-age=", Directives()),
            ("max-age", Directives()),
            ("max-age=\"12", Directives()),
            ("max-age=99999999999999999999", Directives(maxAge: 2_147_483_648)),
            ("no-cache=\"set-cookie\"", Directives(noCache: true)),
            ("no-cache, no-store, only-if-cached, max-age=5", Directives(noCache: true, noStore: true, onlyIfCached: true, maxAge: 5)),
            ("private, foo=\"a, no-store\"", Directives()),  // a comma inside a quoted value does not split
            ("foo=\"a \\\" no-store\", only-if-cached", Directives(onlyIfCached: true)),
            (",,,  no-store ,,", Directives(noStore: true)),
            ("garbage;;;==, =, only-if-cached", Directives(onlyIfCached: true)),
            ("no-cachex, xno-store", Directives()),
            ("max-stale=60, min-fresh=5, no-transform", Directives()),
        ] as [(String?, Directives)]
    )
    func parses(field: String?, expected: Directives) {
        #expect(Directives(field) == expected)
    }

    @Test func refreshIsRequiredByNoCacheOrMaxAgeZero() {
        #expect(Directives("no-cache").requiresRefresh)
        #expect(Directives("max-age=0").requiresRefresh)
        #expect(!Directives("max-age=1").requiresRefresh)
        #expect(!Directives("no-store").requiresRefresh)
        #expect(!Directives(nil).requiresRefresh)
    }

    @Test func maxAgeLimitsTheStoredResponsesAge() {
        #expect(Directives(nil).allowsStoredResponse(ageSeconds: 86_400))
        #expect(Directives("max-age=60").allowsStoredResponse(ageSeconds: 60))
        #expect(!Directives("max-age=60").allowsStoredResponse(ageSeconds: 61))
        #expect(!Directives("max-age=0").allowsStoredResponse(ageSeconds: 1))
        #expect(Directives("max-age=0").allowsStoredResponse(ageSeconds: 0))
        #expect(!Directives("no-cache").allowsStoredResponse(ageSeconds: 0))
        #expect(Directives("only-if-cached").allowsStoredResponse(ageSeconds: 5))
    }

    /// What the gateway asks of a stored entry: its age (from when it was stored) within `max-age`, and no refresh.
    @Test func acceptsAStoredEntryOnlyWithinTheRequestsMaxAge() {
        let head = CacheEntryHead(status: 200, storedAt: 1_000_000, lifetimes: .defaultPositive, etag: "\"e\"")
        let twoMinutesLater: Int64 = 1_000_000 + 120_000
        #expect(Directives(nil).accepts(head, at: twoMinutesLater))
        #expect(Directives("max-age=600").accepts(head, at: twoMinutesLater))
        #expect(Directives("max-age=120").accepts(head, at: twoMinutesLater), "120 s old: within max-age=120")
        #expect(!Directives("max-age=119").accepts(head, at: twoMinutesLater))
        #expect(!Directives("max-age=60").accepts(head, at: twoMinutesLater))
        #expect(!Directives("max-age=0").accepts(head, at: 1_000_000), "max-age=0 is a refresh, even at age 0")
        #expect(!Directives("no-cache, max-age=600").accepts(head, at: twoMinutesLater))
    }

    /// After a refresh, a fill stored within `max-age` will do (another request's, coalesced); after `no-cache` only one
    /// stored from now on.
    @Test func aRefreshAcceptsAFillAsRecentAsMaxAgeAllows() {
        #expect(Directives("max-age=60").oldestAcceptableStore(at: 1_000_000) == 940_000)
        #expect(Directives("no-cache").oldestAcceptableStore(at: 1_000_000) == 1_000_000)
        #expect(Directives("no-cache, max-age=60").oldestAcceptableStore(at: 1_000_000) == 1_000_000)
        #expect(Directives("max-age=0").oldestAcceptableStore(at: 1_000_000) == 1_000_000)
        #expect(Directives("max-age=2147483648").oldestAcceptableStore(at: 0) < 0)
    }
}
