import Foundation

/// A successful response: `{"v":1,"id":…,"ok":true,"result":{…}}`.
public struct WireSuccess<Result: Codable & Sendable>: Codable, Sendable {
    public var v: Int
    public var id: String
    public var ok: Bool
    public var result: Result

    public init(id: String, result: Result) {
        self.v = WireRequest<EmptyParams>.currentVersion
        self.id = id
        self.ok = true
        self.result = result
    }
}

/// A failed response: `{"v":1,"id":…,"ok":false,"error":{…}}`. `id` is null when the request's id could not be
/// read (a `BAD_FRAME`).
public struct WireFailure: Codable, Sendable, Equatable {
    public var v: Int
    public var id: String?
    public var ok: Bool
    public var error: WireError

    public init(id: String?, error: WireError) {
        self.v = WireRequest<EmptyParams>.currentVersion
        self.id = id
        self.ok = false
        self.error = error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.v, forKey: .v)
        try container.encode(self.id, forKey: .id)  // explicit null, not absent
        try container.encode(self.ok, forKey: .ok)
        try container.encode(self.error, forKey: .error)
    }
}

/// The envelope fields of a response, read before its `result`.
public struct WireResponseHeader: Decodable, Sendable, Equatable {
    public var v: Int
    public var id: String?
    public var ok: Bool
    public var error: WireError?
}

/// Reads only the `result` of a response whose header said `ok: true`.
public struct WireResultBody<Result: Decodable & Sendable>: Decodable, Sendable {
    public var result: Result
}

/// Reads only the `params` of a request whose header was accepted; absent params decode from `{}`.
public struct WireParamsBody<Params: Decodable & Sendable>: Decodable, Sendable {
    public var params: Params

    enum CodingKeys: String, CodingKey { case params }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.params), try !container.decodeNil(forKey: .params) {
            self.params = try container.decode(Params.self, forKey: .params)
        } else {
            self.params = try JSONDecoder().decode(Params.self, from: Data("{}".utf8))
        }
    }
}
