import Testing

@testable import TagPulseCache

@Suite struct IfNoneMatchTests {
    static let etag = #""2cf24dba5fb0a30e26e83b2ac5b9e29e""#

    @Test(arguments: [
        (#""abc""#, #""abc""#, true),
        (#"W/"abc""#, #""abc""#, true),  // weak comparison ignores W/
        (#""abc""#, #"W/"abc""#, true),
        (#"W/"abc""#, #"W/"abc""#, true),
        (#""xyz", "abc""#, #""abc""#, true),
        (#""xyz",W/"abc""#, #""abc""#, true),
        (#""xyz""#, #""abc""#, false),
        ("*", #""abc""#, true),
        (" * ", #""abc""#, true),
        ("abc", #""abc""#, false),  // not an entity-tag
        (#""ABC""#, #""abc""#, false),  // opaque tags compare exactly
        (#""a,b""#, #""a,b""#, true),  // commas may sit inside an entity-tag
        (#""a,b""#, #""a""#, false),
        (#""abc"#, #""abc""#, false),  // unterminated
        (#"w/"abc""#, #""abc""#, false),  // the weak prefix is case-sensitive
        ("", #""abc""#, false),
        (#",, "abc" ,,"#, #""abc""#, true),
        (#"garbage, "abc""#, #""abc""#, true),
        (#""abc"junk"#, #""abc""#, false),
        (#""abc"junk, "abc""#, #""abc""#, true),
        (#"*junk"#, #""abc""#, false),
        (#""abc""#, "abc", false),  // our own etag is not an entity-tag: nothing matches
        (#""""#, #""""#, true),  // the empty opaque tag is legal
        ("\"a b\"", "\"a b\"", false),  // a space is not an etagc
    ])
    func matches(field: String, etag: String, expected: Bool) {
        #expect(IfNoneMatch.matches(field, etag: etag) == expected)
    }

    @Test func matchesTheEntrysOwnETag() {
        #expect(IfNoneMatch.matches(Self.etag, etag: Self.etag))
        #expect(IfNoneMatch.matches("W/" + Self.etag, etag: Self.etag))
        #expect(!IfNoneMatch.matches(#""2cf24dba5fb0a30e26e83b2ac5b9e29f""#, etag: Self.etag))
    }
}
