import Testing

@testable import TagPulseCache

@Suite struct AcceptEncodingTests {
    @Test(arguments: [
        ("gzip", true),
        ("GZip", true),
        ("x-gzip", true),
        ("gzip, deflate, br, zstd", true),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", true),
        ("gzip;q=0", false),
        ("gzip; q=0.000", false),
        ("gzip;Q=0", false),
        ("gzip;q=0.001", true),
        (" gzip ; q=0.5 ", true),
        ("gzip;q=0.5;level=1", true),
        ("*", true),
        ("*;q=0", false),
        ("gzip;q=0, *", false),
        ("*, gzip;q=0", false),
        ("br, *;q=0.1", true),
        ("br", false),
        ("identity", false),
        ("identity;q=1, br;q=0.5", false),
        ("", false),
        (",,, gzip ,,", true),
        ("deflate;q=0.5, gzip;q=1.0", true),
        ("gzip;q=1.5", false),  // not a qvalue: the element is ignored
        ("gzip;q=abc, *", true),  // ignored gzip element, then `*` decides
        ("gzip;q=", false),
        ("gzip;q=0.5000", false),
        ("gzip, gzip;q=0", true),  // the first entry for a coding wins
        ("gz ip", false),
        ("\"gzip\"", false),
    ])
    func acceptsGzip(field: String, expected: Bool) {
        #expect(AcceptEncoding.acceptsGzip(field) == expected)
        #expect(AcceptEncoding(field).acceptsGzip == expected)
    }

    @Test func noHeaderMeansIdentity() {
        #expect(!AcceptEncoding.acceptsGzip(nil))
    }

    @Test(arguments: [
        ("", true),
        ("gzip", true),
        ("identity;q=0", false),
        ("identity;q=0, gzip", false),
        ("*;q=0", false),
        ("*;q=0, identity", true),
        ("*;q=0, identity;q=0.2", true),
        ("identity;q=0.5", true),
        ("IDENTITY;q=0", false),
    ])
    func acceptsIdentity(field: String, expected: Bool) {
        #expect(AcceptEncoding(field).acceptsIdentity == expected)
    }

    @Test func weightsAreThousandths() {
        let field = AcceptEncoding("br;q=1.0, gzip;q=0.8, *;q=0.1")
        #expect(field.weight(of: "br") == 1000)
        #expect(field.weight(of: "GZIP") == 800)
        #expect(field.weight(of: "x-gzip") == 800)
        #expect(field.weight(of: "zstd") == 100)
        #expect(field.weights == ["br": 1000, "gzip": 800, "*": 100])
    }

    @Test(arguments: [
        ("0", 0), ("0.", 0), ("0.5", 500), ("0.05", 50), ("0.123", 123), ("1", 1000), ("1.", 1000), ("1.000", 1000),
    ])
    func validQValues(text: String, thousandths: Int) {
        #expect(AcceptEncoding.qValue(text[...]) == thousandths)
    }

    @Test(arguments: ["", ".5", "2", "1.001", "1.5", "0.1234", "-0", "0,5", "0.5x", "01"])
    func invalidQValues(text: String) {
        #expect(AcceptEncoding.qValue(text[...]) == nil)
    }
}
