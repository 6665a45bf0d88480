/// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), with
/// an 8-bytes-at-a-time path over ASCII. Lets ``LocalAnalyzer/classify(utf8:workspace:)`` use the bytes as they are
/// when `String(decoding:as:)` would keep them unchanged.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return true }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
            } else if b0 < 0xC2 {
                return false  // a continuation byte, or the lead of an overlong 2-byte form
            } else if b0 < 0xE0 {
                guard i + 1 < n, isContinuation(base[i + 1]) else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return false }
                let b1 = base[i + 1]
                guard isContinuation(b1), isContinuation(base[i + 2]) else { return false }
                if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b0 == 0xED && b1 >= 0xA0 { return false }  // a surrogate
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n else { return false }
                let b1 = base[i + 1]
                guard isContinuation(b1), isContinuation(base[i + 2]), isContinuation(base[i + 3]) else { return false }
                if b0 == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b0 == 0xF4 && b1 >= 0x90 { return false }  // above U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
