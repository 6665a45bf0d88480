import TagPulseRedis

/// How a Redis call of the fill failed, for what the fill does next.
enum FillFailure: Equatable {
    /// No connection to Redis is up: the call was never sent.
    case unreachable
    /// Redis answered with an error: the command did nothing.
    case refused
    /// No reply (timed out, connection closed, unreadable): the command may or may not have run.
    case unknown

    init(_ error: any Error) {
        let code = (error as? RedisClientError)?.code
        if code == .unavailable || code == .configuration {
            self = .unreachable
        } else if code == .server {
            self = .refused
        } else {
            self = .unknown
        }
    }
}
