/// The Chat Completions request body with a strict JSON schema for the answer: only the fields TagPulse uses,
/// enums for sentiment and purchase intent, and comment ids for attribution (spec §11.4).
struct OpenAIChatRequest: Encodable, Sendable {
    struct Message: Encodable, Sendable {
        var role: String
        var content: String
    }

    var model: String
    var messages: [Message]
    var temperature: Double = 0.1
    var maxCompletionTokens: Int
    var responseFormat = ResponseFormat()

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature
        case maxCompletionTokens = "max_completion_tokens"
        case responseFormat = "response_format"
    }

    struct ResponseFormat: Encodable, Sendable {
        var type = "json_schema"
        var jsonSchema = JSONSchemaFormat()
        enum CodingKeys: String, CodingKey {
            case type
            case jsonSchema = "json_schema"
        }
    }

    struct JSONSchemaFormat: Encodable, Sendable {
        var name = "comment_analyses"
        var strict = true
        var schema = Schema.batch
    }

    /// A JSON Schema node, just enough of the language for this one schema.
    indirect enum Schema: Encodable, Sendable {
        case object([(String, Schema)])
        case array(Schema)
        case string(enum: [String]?)
        case number

        static let batch = Schema.object([
            (
                "analyses",
                .array(
                    .object([
                        ("source_id", .string(enum: nil)),
                        ("quote", .string(enum: nil)),
                        ("sentiment", .string(enum: ["positive", "negative", "neutral"])),
                        ("theme", .string(enum: nil)),
                        ("purchase_intent", .string(enum: ["high", "medium", "low", "none"])),
                        ("confidence", .number),
                    ])
                )
            )
        ])

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { self.stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            switch self {
            case .object(let properties):
                try container.encode("object", forKey: Key("type"))
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key("properties"))
                for (name, schema) in properties { try nested.encode(schema, forKey: Key(name)) }
                try container.encode(properties.map(\.0), forKey: Key("required"))
                try container.encode(false, forKey: Key("additionalProperties"))
            case .array(let items):
                try container.encode("array", forKey: Key("type"))
                try container.encode(items, forKey: Key("items"))
            case .string(let values):
                try container.encode("string", forKey: Key("type"))
                if let values { try container.encode(values, forKey: Key("enum")) }
            case .number:
                try container.encode("number", forKey: Key("type"))
            }
        }
    }
}

/// The parts of a Chat Completions response TagPulse reads.
struct OpenAIChatResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        struct Message: Decodable, Sendable {
            var content: String?
            var refusal: String?
        }
        var message: Message
        var finishReason: String?
        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }
    var choices: [Choice]
    /// What the call cost, as the API reports it (absent from some compatible servers: then nothing is counted).
    var usage: Usage?

    struct Usage: Decodable, Sendable {
        var promptTokens: Int?
        var completionTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }
}

/// The structured answer the schema asks for.
struct OpenAIAnalysisBatch: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var sourceID: String
        var quote: String
        var sentiment: String
        var theme: String
        var purchaseIntent: String
        var confidence: Double
        enum CodingKeys: String, CodingKey {
            case quote, sentiment, theme, confidence
            case sourceID = "source_id"
            case purchaseIntent = "purchase_intent"
        }
    }
    var analyses: [Item]
}
