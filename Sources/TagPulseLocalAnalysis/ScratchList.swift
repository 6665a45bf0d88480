/// A fixed-capacity list over caller-owned memory (a temporary allocation sized for the worst case): appends
/// without the uniqueness and capacity checks of an `Array`, and nothing to free.
struct ScratchList<Element> {
    let base: UnsafeMutableBufferPointer<Element>
    var count = 0

    init(base: UnsafeMutableBufferPointer<Element>) { self.base = base }

    @inline(__always) mutating func append(_ element: Element) {
        base[count] = element
        count += 1
    }

    @inline(__always) subscript(_ index: Int) -> Element { base[index] }
}

/// A fixed-capacity scalar list over caller-owned memory (no allocation, no uniqueness checks).
struct ScratchScalars {
    let base: UnsafeMutableBufferPointer<UInt32>
    var count = 0

    init(base: UnsafeMutableBufferPointer<UInt32>) { self.base = base }

    @inline(__always) mutating func append(_ v: UInt32) {
        base[count] = v
        count += 1
    }

    @inline(__always) subscript(_ index: Int) -> UInt32 { base[index] }

    func firstIndex(of v: UInt32) -> Int? {
        for i in 0..<count where base[i] == v { return i }
        return nil
    }
}

/// A fixed-capacity byte list over caller-owned memory: the normalised keys of one scan, written without the
/// uniqueness and capacity checks of an `Array` append, and copied into ``Tokenizer/Scan/bytes`` once at the end.
struct ScratchBytes {
    let base: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    init(base: UnsafeMutableBufferPointer<UInt8>) { self.base = base }

    @inline(__always) mutating func append(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) subscript(_ index: Int) -> UInt8 { base[index] }

    /// ``KeyHash`` of `length` bytes from `start`.
    @inline(__always) func hash(from start: Int, length: Int) -> UInt64 {
        KeyHash.hash(UnsafeBufferPointer(rebasing: base[start..<start + length]))
    }

    /// The bytes written so far, as an array.
    var array: [UInt8] { Array(base[0..<count]) }
}
