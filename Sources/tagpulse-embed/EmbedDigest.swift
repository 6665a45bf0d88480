/// FNV-1a (64 bits) over the embedded files, each as its name, its length and its bytes: a version stamp that
/// changes whenever one of them does (``LocalAnalyzer/version`` is built from it, so a retrained table never shares
/// a cache key with the old one). Not a cryptographic hash: it guards against stale data, not against an adversary.
struct EmbedDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    mutating func add(name: String, contents: [UInt8]) {
        add(name.utf8)
        add([0])
        add(String(contents.count).utf8)
        add([0])
        add(contents)
    }

    /// 16 lower-case hexadecimal digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func of(_ files: [(name: String, contents: [UInt8])]) -> String {
        var digest = EmbedDigest()
        for file in files { digest.add(name: file.name, contents: file.contents) }
        return digest.hex
    }
}
