import NIOCore

/// One request handed to an engine connection: its id, its encoded frame payload, when the gateway stops
/// waiting, and the promise the response frame completes.
struct EngineCall: Sendable {
    var id: String
    var payload: ByteBuffer
    var deadline: NIODeadline
    var response: EventLoopPromise<ByteBuffer>
}
