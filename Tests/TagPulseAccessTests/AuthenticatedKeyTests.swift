import Testing

@testable import TagPulseAccess

struct AuthenticatedKeyTests {
    /// The mask says what the set says, for every subset of the scopes (the hit path asks the mask).
    @Test func allowsExactlyTheScopesItHolds() {
        let all = KeyScope.allCases
        for pick in 0..<(1 << all.count) {
            let scopes = Set(all.enumerated().filter { pick & (1 << $0.offset) != 0 }.map(\.element))
            let key = AuthenticatedKey(id: "k", client: "c", tier: "free", scopes: scopes)
            for scope in all {
                #expect(key.allows(scope) == scopes.contains(scope), "\(scope) in \(scopes.sorted())")
            }
        }
    }

    @Test func everyScopeHasItsOwnBit() {
        let bits = KeyScope.allCases.map(\.bit)
        #expect(Set(bits).count == bits.count)
        #expect(bits.allSatisfy { $0.nonzeroBitCount == 1 })
    }
}
