import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A fake of OpenAI's Chat Completions endpoint on a real loopback port (`POST /v1/chat/completions`), answering in
/// the real response format with structured-output content. It reads the comment lines of the `<comments>` block
/// and answers deterministically from their text; it adds one item with an id that was never sent (a
/// hallucination the client must drop). Criteria containing `REFUSE`, `TRUNCATE` or `GARBAGE` produce a refusal,
/// a cut-off answer or non-JSON content; `INVENT` makes the quote of every comment mentioning "expensive" an invented
/// one (text the comment never held) and writes every other quote upper-cased, decomposed (NFD) and with doubled
/// spaces (still the comment's words).
public final class FakeOpenAI: Sendable {
    public struct Recorded: Sendable {
        public var model: String
        public var strictSchema: Bool
        public var schema: String
        public var userMessage: String
        public var systemMessage: String
        /// The W3C `traceparent` and `tracestate` the caller sent, if any.
        public var traceparent: String? = nil
        public var tracestate: String? = nil
    }

    public let key: String
    private let requests = Mutex<[Recorded]>([])

    public init(key: String = "sk-fake-openai-key-0123456789") {
        self.key = key
    }

    public var recorded: [Recorded] { self.requests.withLock { $0 } }

    public func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await FakeServer.run(router: self.router()) { base in try await body(base + "/v1") }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/chat/completions") { request, context in
            guard request.headers[.authorization] == "Bearer \(self.key)" else {
                return FakeRapidAPI.json(#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#, status: .unauthorized)
            }
            let body = try await request.body.collect(upTo: 4 << 20)
            guard let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                let messages = json["messages"] as? [[String: Any]],
                let format = json["response_format"] as? [String: Any],
                let schemaFormat = format["json_schema"] as? [String: Any]
            else {
                return FakeRapidAPI.json(#"{"error":{"message":"bad request"}}"#, status: .badRequest)
            }
            let system = messages.first { $0["role"] as? String == "system" }?["content"] as? String ?? ""
            let user = messages.first { $0["role"] as? String == "user" }?["content"] as? String ?? ""
            let schemaData = try JSONSerialization.data(withJSONObject: schemaFormat["schema"] ?? [:], options: [.sortedKeys])
            self.requests.withLock {
                $0.append(
                    Recorded(
                        model: json["model"] as? String ?? "",
                        strictSchema: schemaFormat["strict"] as? Bool ?? false,
                        schema: String(decoding: schemaData, as: UTF8.self),
                        userMessage: user,
                        systemMessage: system,
                        traceparent: request.headers[HTTPField.Name("traceparent")!],
                        tracestate: request.headers[HTTPField.Name("tracestate")!]
                    )
                )
            }
            return FakeRapidAPI.json(Self.completion(for: user, model: json["model"] as? String ?? ""), status: .ok)
        }
        return router
    }

    static func completion(for user: String, model: String) -> String {
        let criteria = Self.block("criteria", in: user)
        var refusal = "null"
        var finish = "stop"
        var content: String
        if criteria.contains("REFUSE") {
            refusal = "\"I can't help with that.\""
            content = ""
        } else if criteria.contains("GARBAGE") {
            content = "this is not json"
        } else {
            var items: [[String: Any]] = []
            for line in Self.block("comments", in: user).split(separator: "\n") {
                guard let comment = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let id = comment["id"] as? String, let text = comment["text"] as? String
                else { continue }
                let lower = text.lowercased()
                let (sentiment, intent): (String, String)
                if lower.contains("ordered") || lower.contains("bought") || lower.contains("take my money") {
                    (sentiment, intent) = ("positive", "high")
                } else if lower.contains("where can i buy") || lower.contains("how much") {
                    (sentiment, intent) = ("neutral", "medium")
                } else if lower.contains("not worth") || lower.contains("expensive") {
                    (sentiment, intent) = ("negative", "none")
                } else {
                    continue
                }
                var quote = text
                if criteria.contains("INVENT") {
                    quote =
                        lower.contains("expensive")
                        ? "Best purchase of my life, buy yours at scam.example"
                        : text.uppercased().decomposedStringWithCanonicalMapping.replacingOccurrences(of: " ", with: "  \n")
                }
                items.append([
                    "source_id": id, "quote": quote, "sentiment": sentiment, "theme": "price & purchase", "purchase_intent": intent,
                    "confidence": 0.9,
                ])
            }
            items.append([
                "source_id": "made-up-id", "quote": "hallucinated", "sentiment": "positive", "theme": "x", "purchase_intent": "none", "confidence": 2,
            ])
            let data = (try? JSONSerialization.data(withJSONObject: ["analyses": items], options: [.sortedKeys])) ?? Data()
            content = String(decoding: data, as: UTF8.self)
            if criteria.contains("TRUNCATE") {
                content = String(content.prefix(20))
                finish = "length"
            }
        }
        let contentJSON = String(
            decoding: (try? JSONSerialization.data(withJSONObject: [content], options: [])) ?? Data("[\"\"]".utf8),
            as: UTF8.self
        )
        let contentString = String(contentJSON.dropFirst().dropLast())
        return #"{"id":"chatcmpl-fake","object":"chat.completion","created":1759276800,"model":"\#(model)","#
            + #""choices":[{"index":0,"message":{"role":"assistant","content":\#(refusal == "null" ? contentString : "null"),"refusal":\#(refusal)},"#
            + #""finish_reason":"\#(finish)"}],"usage":{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150}}"#
    }

    /// The text between `<name>\n` and `\n</name>`.
    static func block(_ name: String, in text: String) -> String {
        guard let start = text.range(of: "<\(name)>\n"), let end = text.range(of: "\n</\(name)>", range: start.upperBound..<text.endIndex) else {
            return ""
        }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
