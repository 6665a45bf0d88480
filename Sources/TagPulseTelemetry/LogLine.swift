import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the two log formats (``JSONLogHandler``, ``TextLogHandler``) share: an event's metadata with the handler's
/// and the provider's merged in (the event's own win), and the whole line written in one `write(2)`, so lines from
/// concurrent tasks never interleave. Numbers go in as `.stringConvertible(value)` (JSON numbers in the JSON format).
enum LogLine {
    static func metadata(_ handler: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        // One request id per line, always named `request.id`, in both formats: Hummingbird names each request
        // `hb.request.id` before our middleware gives it its `request.id` (the client's `X-Request-ID` or ours); once
        // that is set Hummingbird's is noise, and before it (or on the metrics listener, which has no such
        // middleware) Hummingbird's is the request's id, written under the one name.
        if let hummingbird = merged.removeValue(forKey: "hb.request.id"), merged["request.id"] == nil {
            merged["request.id"] = hummingbird
        }
        return merged
    }

    static func write(_ line: String, to fileDescriptor: Int32) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// `write(2)` (`LogLine.write` shadows the name).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
