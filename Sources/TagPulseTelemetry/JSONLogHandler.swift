import Foundation
import Logging
import TagPulseWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A swift-log handler that writes one JSON object per line to standard error:
/// `{"ts":"…","level":"info","label":"tagpulse.gateway","msg":"request.completed","request.id":"…",…}`.
///
/// Each line goes out in a single `write(2)`, so lines from concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let fileDescriptor: Int32

    public init(label: String, level: Logger.Level, fileDescriptor: Int32 = 2) {
        self.label = label
        self.logLevel = level
        self.fileDescriptor = fileDescriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogLine.metadata(self.metadata, provider: self.metadataProvider, event: event)

        var line = "{\"ts\":\"\(Self.timestamp())\",\"level\":\"\(event.level.rawValue)\","
        line += "\"label\":\(Self.quoted(self.label)),\"msg\":\(Self.quoted(event.message.description))"
        for key in merged.keys.sorted() where key != "ts" && key != "level" && key != "msg" && key != "label" {
            line += ",\(Self.quoted(key)):\(Self.render(merged[key]!))"
        }
        line += "}\n"
        LogLine.write(line, to: self.fileDescriptor)
    }

    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return Self.quoted(text)
        case .stringConvertible(let convertible): return Self.number(convertible) ?? Self.quoted(convertible.description)
        case .array(let values): return "[" + values.map(Self.render).joined(separator: ",") + "]"
        case .dictionary(let object):
            return "{" + object.keys.sorted().map { "\(Self.quoted($0)):\(Self.render(object[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// A number or a Boolean as JSON writes it (`"http.status":200`, `"duration_ms":1.25`), for metadata logged as
    /// `.stringConvertible(value)`; nil for anything else (written as a string). Non-finite doubles are strings.
    static func number(_ value: any CustomStringConvertible & Sendable) -> String? {
        switch value {
        case let value as Int: String(value)
        case let value as Int64: String(value)
        case let value as Int32: String(value)
        case let value as UInt: String(value)
        case let value as UInt64: String(value)
        case let value as UInt32: String(value)
        case let value as UInt16: String(value)
        case let value as Bool: value ? "true" : "false"
        case let value as Double where value.isFinite: value.description
        case let value as Float where value.isFinite: value.description
        default: nil
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        JSONStringLiteral.quoted(text)
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        return RFC3339Milliseconds.string(milliseconds)
    }
}
