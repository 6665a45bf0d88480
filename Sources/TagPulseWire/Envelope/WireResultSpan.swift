import NIOCore

/// Finds the bytes of a response envelope's top-level `result` value without decoding it, so the gateway can keep
/// and serve the engine's result exactly as the engine wrote it (fields the gateway does not know included: gateway
/// and engine need not be deployed in lock step).
///
/// A single pass over the envelope: strings (with their escapes) are skipped whole, and nesting is counted, so a
/// `"result"` inside a string or a nested object is never mistaken for the member. It checks structure only as far
/// as it needs to; the span it returns starts with `{` and ends with the matching `}`.
public enum WireResultSpan {
    /// The `result` object's bytes, or nil when the envelope has no top-level `result` object.
    public static func find(in envelope: ByteBuffer) -> ByteBuffer? {
        envelope.withUnsafeReadableBytes { bytes -> Range<Int>? in
            Self.span(in: bytes)
        }.flatMap { range in envelope.getSlice(at: envelope.readerIndex + range.lowerBound, length: range.count) }
    }

    static func span(in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        var index = Self.skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            index = Self.skipSpace(bytes, index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = Self.stringEnd(bytes, index) else { return nil }
            let isResult = keyEnd - index == 8 && Self.matches(bytes, at: index + 1, "result")
            index = Self.skipSpace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = Self.skipSpace(bytes, index + 1)
            guard let valueEnd = Self.valueEnd(bytes, index) else { return nil }
            if isResult { return bytes[index] == UInt8(ascii: "{") ? index..<valueEnd : nil }
            index = valueEnd
        }
    }

    /// The index just past the string starting at `start` (a `"`), or nil when it never closes.
    private static func stringEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// The index just past the value starting at `start`.
    private static func valueEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return Self.stringEnd(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = Self.stringEnd(bytes, index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[index]),
                !Self.isSpace(bytes[index])
            {
                index += 1
            }
            return index > start ? index : nil
        }
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        return index
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, at start: Int, _ text: StaticString) -> Bool {
        guard start + text.utf8CodeUnitCount <= bytes.count else { return false }
        for offset in 0..<text.utf8CodeUnitCount where bytes[start + offset] != text.utf8Start[offset] { return false }
        return true
    }
}
