/// A request's `Accept-Encoding` (RFC 9110 §12.5.3): which content codings the client takes, and how much.
///
/// Weights are in thousandths (`q=0.5` is 500) so they compare exactly. A coding the field names takes its own
/// weight; one it does not name takes the weight of `*`, if present. `identity` is acceptable unless excluded by
/// `identity;q=0`, or by `*;q=0` without an `identity` entry. `x-gzip` is the same coding as `gzip`
/// (RFC 9110 §8.4.1.3). Elements that cannot be read (a bad coding name, a malformed `q`) are ignored, as if the
/// client had not sent them.
///
/// ```swift
/// AcceptEncoding.acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")  // true
/// AcceptEncoding.acceptsGzip("gzip;q=0, *")                     // false
/// AcceptEncoding.acceptsGzip(nil)                                // false: no header, send identity
/// ```
public struct AcceptEncoding: Sendable, Hashable {
    /// Listed codings, lower-cased (`x-gzip` recorded as `gzip`), with their weights; the first entry for a coding wins.
    public let weights: [String: Int]

    /// Reads a field value; several field lines should be joined with `", "` first.
    public init(_ fieldValue: String) {
        var weights: [String: Int] = [:]
        for element in HTTPFieldList.split(fieldValue[...], on: ",") {
            let parts = HTTPFieldList.split(element, on: ";")
            guard let name = parts.first, HTTPFieldList.isToken(name) else { continue }
            var coding = name.lowercased()
            if coding == "x-gzip" { coding = "gzip" }
            var weight: Int? = 1000
            for parameter in parts.dropFirst() {
                let (key, value) = HTTPFieldList.nameAndValue(parameter)
                if key == "q" { weight = value.flatMap(Self.qValue) }
            }
            guard let weight else { continue }
            if weights[coding] == nil { weights[coding] = weight }
        }
        self.weights = weights
    }

    /// The weight (0...1000) the client gives `coding`; 0 means not acceptable.
    public func weight(of coding: String) -> Int {
        var coding = coding.lowercased()
        if coding == "x-gzip" { coding = "gzip" }
        if let weight = self.weights[coding] { return weight }
        if let weight = self.weights["*"] { return weight }
        return coding == "identity" ? 1000 : 0
    }

    /// True when a gzip-encoded response is acceptable.
    public var acceptsGzip: Bool { self.weight(of: "gzip") > 0 }

    /// True when an unencoded response is acceptable.
    public var acceptsIdentity: Bool { self.weight(of: "identity") > 0 }

    /// True when `fieldValue` accepts gzip. Without the header the answer is false: RFC 9110 lets a server pick
    /// any coding then, but clients that send nothing (curl without `--compressed`) usually cannot decode it.
    public static func acceptsGzip(_ fieldValue: String?) -> Bool {
        guard let fieldValue else { return false }
        return AcceptEncoding(fieldValue).acceptsGzip
    }

    /// A `qvalue` (`0`, `0.5`, `1`, `1.000`, at most three decimals) in thousandths; nil when malformed.
    static func qValue(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        let whole = Int(first - UInt8(ascii: "0"))
        guard bytes.count > 1 else { return whole * 1000 }
        guard bytes[1] == UInt8(ascii: "."), bytes.count <= 5 else { return nil }
        var thousandths = 0
        for position in 0..<3 {
            let index = 2 + position
            let digit = index < bytes.count ? bytes[index] : UInt8(ascii: "0")
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            thousandths = thousandths * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard whole == 0 || thousandths == 0 else { return nil }  // 1.5 is not a qvalue
        return whole * 1000 + thousandths
    }
}
