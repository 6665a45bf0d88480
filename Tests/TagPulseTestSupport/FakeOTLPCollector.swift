import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A fake OpenTelemetry collector on a real loopback port: takes OTLP/HTTP JSON (`POST /v1/traces`) and keeps every
/// request, and the spans in it with their resource's `service.name`.
public final class FakeOTLPCollector: Sendable {
    public struct Export: Sendable {
        public var contentType: String?
        public var headers: [String: String]
        public var body: String
    }

    /// One span as received: its `service.name` and its JSON object (OTLP field names).
    public struct Span: @unchecked Sendable {
        public var service: String
        public var json: [String: Any]

        public var traceID: String? { self.json["traceId"] as? String }
        public var spanID: String? { self.json["spanId"] as? String }
        public var parentSpanID: String? { self.json["parentSpanId"] as? String }
        public var name: String? { self.json["name"] as? String }
        public var kind: Int? { self.json["kind"] as? Int }

        /// The attribute's value object's single value (`stringValue`, `intValue`, …).
        public func attribute(_ key: String) -> Any? {
            let attributes = self.json["attributes"] as? [[String: Any]] ?? []
            let value = attributes.first { $0["key"] as? String == key }?["value"] as? [String: Any]
            return value?.values.first
        }
    }

    private let exportsReceived = Mutex<[Export]>([])

    public init() {}

    public var exports: [Export] { self.exportsReceived.withLock { $0 } }

    /// Every span of every export so far.
    public var spans: [Span] {
        self.exports.flatMap { export -> [Span] in
            guard let json = try? JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any] else { return [] }
            return (json["resourceSpans"] as? [[String: Any]] ?? []).flatMap { resourceSpans -> [Span] in
                let resource = resourceSpans["resource"] as? [String: Any]
                let attributes = resource?["attributes"] as? [[String: Any]] ?? []
                let service =
                    (attributes.first { $0["key"] as? String == "service.name" }?["value"] as? [String: Any])?["stringValue"] as? String ?? ""
                return (resourceSpans["scopeSpans"] as? [[String: Any]] ?? []).flatMap { scope in
                    (scope["spans"] as? [[String: Any]] ?? []).map { Span(service: service, json: $0) }
                }
            }
        }
    }

    /// Runs the collector on a free loopback port until `body` returns; `body` gets the base URL.
    public func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            self.exportsReceived.withLock {
                $0.append(Export(contentType: request.headers[.contentType], headers: headers, body: String(buffer: bytes)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        return try await FakeServer.run(router: router, body)
    }
}
