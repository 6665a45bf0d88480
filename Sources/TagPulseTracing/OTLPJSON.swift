import TagPulseWire

/// The OTLP/HTTP JSON encoding of a batch of spans (`ExportTraceServiceRequest` by the protobuf JSON mapping, with
/// OTLP's exceptions): `resourceSpans` → `scopeSpans` → `spans`; trace and span ids as lower-case hex (not base64);
/// 64-bit integers (`startTimeUnixNano`, `endTimeUnixNano`, `intValue`) as decimal strings; enums (`kind`,
/// `status.code`) as their numbers; field names in lowerCamelCase. Written by hand: a few string appends per field,
/// no `Codable` detour.
public struct OTLPJSON: Sendable {
    /// The resource's attributes (`service.name`, `service.version`, …).
    public var resource: [FinishedSpan.Attribute]
    /// The instrumentation scope's name and version.
    public var scopeName: String
    public var scopeVersion: String

    public init(resource: [FinishedSpan.Attribute], scopeName: String = "tagpulse", scopeVersion: String) {
        self.resource = resource
        self.scopeName = scopeName
        self.scopeVersion = scopeVersion
    }

    public func encode(_ spans: [FinishedSpan]) -> String {
        var out = #"{"resourceSpans":[{"resource":{"attributes":"#
        Self.append(self.resource, to: &out)
        out += #"},"scopeSpans":[{"scope":{"name":"#
        Self.appendString(self.scopeName, to: &out)
        out += #","version":"#
        Self.appendString(self.scopeVersion, to: &out)
        out += #"},"spans":["#
        for (index, span) in spans.enumerated() {
            if index > 0 { out += "," }
            Self.append(span, to: &out)
        }
        out += "]}]}]}"
        return out
    }

    static func append(_ span: FinishedSpan, to out: inout String) {
        out += #"{"traceId":""#
        out += span.traceID.lowercased()
        out += #"","spanId":""#
        out += span.spanID.lowercased()
        out += "\""
        if let parent = span.parentSpanID {
            out += #","parentSpanId":""#
            out += parent.lowercased()
            out += "\""
        }
        if let state = span.traceState {
            out += #","traceState":"#
            Self.appendString(state, to: &out)
        }
        out += #","name":"#
        Self.appendString(span.name, to: &out)
        out += #","kind":"#
        out += String(span.kind.rawValue)
        out += #","startTimeUnixNano":""#
        out += String(span.startUnixNanoseconds)
        out += #"","endTimeUnixNano":""#
        out += String(max(span.endUnixNanoseconds, span.startUnixNanoseconds))
        out += #"","attributes":"#
        Self.append(span.attributes, to: &out)
        if span.status != .unset {
            out += #","status":{"code":"#
            out += String(span.status.rawValue)
            out += "}"
        }
        out += "}"
    }

    static func append(_ attributes: [FinishedSpan.Attribute], to out: inout String) {
        out += "["
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { out += "," }
            out += #"{"key":"#
            Self.appendString(attribute.key, to: &out)
            out += #","value":{"#
            switch attribute.value {
            case .string(let text):
                out += #""stringValue":"#
                Self.appendString(text, to: &out)
            case .int(let number):
                out += #""intValue":""#
                out += String(number)
                out += "\""
            case .bool(let flag):
                out += #""boolValue":"#
                out += flag ? "true" : "false"
            }
            out += "}}"
        }
        out += "]"
    }

    static func appendString(_ text: String, to out: inout String) {
        JSONStringLiteral.append(text, to: &out)
    }
}
