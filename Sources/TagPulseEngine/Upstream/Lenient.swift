import Foundation

/// Decoding helpers for the upstream's inconsistent JSON (spec §11.16): numbers that arrive as strings and
/// strings that arrive as numbers, `has_more` as a bool or an int, objects that are `null`. A field that cannot
/// be read becomes nil; it never fails the video or comment around it.
enum Lenient {
    struct Text: Decodable, Sendable {
        let value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.value = text
            } else if let integer = try? container.decode(Int64.self) {
                self.value = String(integer)
            } else if let number = try? container.decode(Double.self), number.isFinite {
                self.value = number == number.rounded() && abs(number) < 1e18 ? String(Int64(number)) : String(number)
            } else if let flag = try? container.decode(Bool.self) {
                self.value = flag ? "true" : "false"
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a string or number")
            }
        }
    }

    struct Integer: Decodable, Sendable {
        let value: Int64
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let integer = try? container.decode(Int64.self) {
                self.value = integer
            } else if let number = try? container.decode(Double.self), number.isFinite, abs(number) < 9e18 {
                self.value = Int64(number)
            } else if let text = try? container.decode(String.self),
                let parsed = Int64(text.trimmingCharacters(in: .whitespaces))
                    ?? Double(text).flatMap({ $0.isFinite ? Int64(exactly: $0.rounded()) : nil })
            {
                self.value = parsed
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
            }
        }
    }

    struct Flag: Decodable, Sendable {
        let value: Bool
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self.value = flag
            } else if let integer = try? container.decode(Int64.self) {
                self.value = integer != 0
            } else if let text = try? container.decode(String.self) {
                self.value = ["1", "true", "yes"].contains(text.lowercased())
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a boolean")
            }
        }
    }

    /// Decodes an element, keeping nil instead of failing the whole array.
    struct Element<Wrapped: Decodable & Sendable>: Decodable, Sendable {
        let value: Wrapped?
        init(from decoder: any Decoder) throws {
            self.value = try? Wrapped(from: decoder)
        }
    }
}

extension KeyedDecodingContainer {
    func lenientText(_ key: Key) -> String? { (try? self.decodeIfPresent(Lenient.Text.self, forKey: key))??.value }
    func lenientInteger(_ key: Key) -> Int64? { (try? self.decodeIfPresent(Lenient.Integer.self, forKey: key))??.value }
    func lenientFlag(_ key: Key) -> Bool? { (try? self.decodeIfPresent(Lenient.Flag.self, forKey: key))??.value }
    func lenient<T: Decodable & Sendable>(_ type: T.Type, _ key: Key) -> T? { (try? self.decodeIfPresent(T.self, forKey: key)) ?? nil }
    func lenientList<T: Decodable & Sendable>(_ type: T.Type, _ key: Key) -> [T] {
        ((try? self.decodeIfPresent([Lenient.Element<T>].self, forKey: key)) ?? nil)?.compactMap(\.value) ?? []
    }
}
