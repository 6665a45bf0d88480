import NIOCore
import NIOEmbedded
import TagPulseSettings
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// A response over the gateway's frame limit fails its own call with `RESULT_TOO_LARGE`; the other calls on the
/// connection, and the connection, carry on (the pipeline is the one `EngineClient` connects with).
final class EngineResponseFrameTests: XCTestCase {
    func frame(_ payload: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(payload.utf8.count), endianness: .big)
        buffer.writeString(payload)
        return buffer
    }

    func makeChannel(maximum: Int) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try EngineClient.addHandlers(to: channel, maximumFrameBytes: maximum)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func call(_ id: String, on channel: EmbeddedChannel) throws -> EventLoopFuture<ByteBuffer> {
        let response = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let call = EngineCall(id: id, payload: ByteBuffer(string: #"{"id":"\#(id)"}"#), deadline: .now() + .seconds(60), response: response)
        try channel.writeOutbound(call)
        _ = try channel.readOutbound(as: ByteBuffer.self)
        return response.futureResult
    }

    /// An engine killed in the middle of a response frame is a lost connection (503 ENGINE_UNAVAILABLE with
    /// `Retry-After`), not a protocol violation (500): the proof harness's engine phase met that as one 500.
    func testAConnectionLostInTheMiddleOfAFrameIsALostConnection() throws {
        let channel = try self.makeChannel(maximum: 1024)
        let cut = try self.call("g1", on: channel)
        let reset = try self.call("g2", on: channel)
        var half = self.frame(#"{"v":1,"id":"g1","ok":true,"result":{"pong":true}}"#)
        try channel.writeInbound(half.readSlice(length: 20)!)
        channel.pipeline.fireChannelInactive()  // the leftover half frame is reported as an error first
        for call in [cut, reset] {
            XCTAssertThrowsError(try call.wait()) { error in
                guard let failure = error as? EngineClientError else { return XCTFail("\(error)") }
                XCTAssertEqual(APIError(failure).code, .engineUnavailable, "\(failure)")
                XCTAssertEqual(APIError(failure).status, .serviceUnavailable)
            }
        }
    }

    func testAnIOErrorFailsTheCallsAsALostConnection() throws {
        let channel = try self.makeChannel(maximum: 1024)
        let call = try self.call("g1", on: channel)
        channel.pipeline.fireErrorCaught(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"))
        XCTAssertThrowsError(try call.wait()) { error in
            guard let failure = error as? EngineClientError else { return XCTFail("\(error)") }
            XCTAssertEqual(APIError(failure).code, .engineUnavailable, "\(failure)")
        }
    }

    func testAnOversizedResponseFailsOnlyItsCallAndKeepsTheConnection() throws {
        let channel = try self.makeChannel(maximum: 1024)
        let big = try self.call("g1", on: channel)
        let small = try self.call("g2", on: channel)
        let later = try self.call("g3", on: channel)

        // g1's answer is 5000 bytes, arriving in pieces, with g2's answer right behind it in the last piece.
        var oversized = self.frame(#"{"v":1,"id":"g1","ok":true,"result":""# + String(repeating: "x", count: 4960) + #""}"#)
        var pieces: [ByteBuffer] = []
        while oversized.readableBytes > 700 { pieces.append(oversized.readSlice(length: 700)!) }
        var next = self.frame(#"{"v":1,"id":"g2","ok":true,"result":{"pong":true}}"#)
        oversized.writeBuffer(&next)
        pieces.append(oversized)
        for piece in pieces { try channel.writeInbound(piece) }

        XCTAssertThrowsError(try big.wait()) { error in
            guard let failure = error as? EngineClientError, case .engine(let wire) = failure.kind else { return XCTFail("\(error)") }
            XCTAssertEqual(wire.code, .resultTooLarge)
            XCTAssertEqual(APIError(failure).code, .resultTooLarge)
            XCTAssertEqual(APIError(failure).status, .badGateway)
        }
        XCTAssertEqual(String(buffer: try small.wait()), #"{"v":1,"id":"g2","ok":true,"result":{"pong":true}}"#)
        XCTAssertTrue(channel.isActive, "the connection is kept")
        try channel.writeInbound(self.frame(#"{"v":1,"id":"g3","ok":true,"result":{}}"#))
        XCTAssertNoThrow(try later.wait())
        XCTAssertNoThrow(try channel.finish())
    }

    func testAnOversizedFrameWithoutAReadableIDStillEndsTheConnection() throws {
        let channel = try self.makeChannel(maximum: 64)
        let pending = try self.call("g1", on: channel)
        try channel.writeInbound(
            self.frame(#"{"v":1,"id":null,"ok":false,"error":{"code":"BAD_FRAME","message":""# + String(repeating: "y", count: 100) + #""}}"#)
        )
        XCTAssertThrowsError(try pending.wait())
        XCTAssertFalse(channel.isActive)
    }

    func testTheResponseIDIsFoundInTheFirstBytes() {
        XCTAssertEqual(EngineResponseFrameDecoder.responseID(in: ByteBuffer(string: #"{"v":1,"id":"g42","ok":true"#)), "g42")
        XCTAssertEqual(EngineResponseFrameDecoder.responseID(in: ByteBuffer(string: #"{"v":1, "id" : "cancel-g7""#)), "cancel-g7")
        XCTAssertNil(EngineResponseFrameDecoder.responseID(in: ByteBuffer(string: #"{"v":1,"id":"g4"#)), "not complete yet")
        XCTAssertNil(EngineResponseFrameDecoder.responseID(in: ByteBuffer(string: #"{"v":1,"id":null}"#)))
        XCTAssertNil(EngineResponseFrameDecoder.responseID(in: ByteBuffer(string: #"{"v":1,"id":"a\"b"}"#)))
    }

    /// The engine honours the limit the gateway sends: it is in every request envelope.
    func testRequestsCarryTheGatewaysFrameLimit() throws {
        let request = WireRequest(id: "g1", method: .ping, maxResponseBytes: 1234, params: EmptyParams())
        let text = String(buffer: try WireCodec().encode(request))
        XCTAssertTrue(text.contains(#""max_response_bytes":1234"#), text)
        XCTAssertEqual(try WireCodec().decodeRequestHeader(ByteBuffer(string: text)).maxResponseBytes, 1234)
        // One default on both sides (the engine's is the same constant).
        let configured = try GatewayConfiguration(source: ConfigSource(environment: [:]))
        XCTAssertEqual(configured.engine.maxFrameBytes, EngineFrameDecoder.defaultMaximumFrameBytes)
    }
}
