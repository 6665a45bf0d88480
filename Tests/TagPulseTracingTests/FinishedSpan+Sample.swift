import Foundation

@testable import TagPulseTracing

extension FinishedSpan {
    /// The `index`th span of one trace (span id `index + 1`), for the recorder and exporter tests.
    static func sample(_ index: Int) -> FinishedSpan {
        FinishedSpan(
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            spanID: String(format: "%016x", index + 1),
            parentSpanID: nil,
            name: "span \(index)",
            kind: .server,
            startUnixNanoseconds: 1,
            endUnixNanoseconds: 2
        )
    }
}
