import Synchronization

/// The random source of new trace and span ids: a per-process seed from the system's secure source, then a counter
/// mixed by SplitMix64's finaliser, so no system call per request (the hit path starts tens of thousands of spans a
/// second). Ids name traces; they are not secrets.
public struct TraceIDRandom: RandomNumberGenerator, Sendable {
    public init() {}

    public mutating func next() -> UInt64 {
        let count = Self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        var z = Self.seed &+ count &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)
}
