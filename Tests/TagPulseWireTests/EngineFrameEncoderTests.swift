import NIOCore
import NIOEmbedded
import TagPulseWire
import XCTest

final class EngineFrameEncoderTests: XCTestCase {
    func testWritesBigEndianLengthThenPayload() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(EngineFrameEncoder()))
        try channel.writeOutbound(ByteBuffer(string: "{\"a\":1}"))
        let written = try XCTUnwrap(try channel.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(Array(written.readableBytesView), [0, 0, 0, 7] + Array("{\"a\":1}".utf8))
    }

    func testRefusesEmptyAndOversizePayloads() throws {
        let empty = EmbeddedChannel(handler: MessageToByteHandler(EngineFrameEncoder(maximumFrameBytes: 4)))
        XCTAssertThrowsError(try empty.writeOutbound(ByteBuffer())) { XCTAssertEqual($0 as? EngineFrameError, .emptyFrame) }
        let oversize = EmbeddedChannel(handler: MessageToByteHandler(EngineFrameEncoder(maximumFrameBytes: 4)))
        XCTAssertThrowsError(try oversize.writeOutbound(ByteBuffer(string: "12345"))) {
            XCTAssertEqual($0 as? EngineFrameError, .frameTooLarge(length: 5, maximum: 4))
        }
    }

    func testRoundTripThroughDecoder() throws {
        let encoder = EmbeddedChannel(handler: MessageToByteHandler(EngineFrameEncoder()))
        let decoder = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder()))
        for payload in ["{}", #"{"emoji":"🔥😍"}"#, String(repeating: "z", count: 70_000)] {
            try encoder.writeOutbound(ByteBuffer(string: payload))
            try decoder.writeInbound(try XCTUnwrap(try encoder.readOutbound(as: ByteBuffer.self)))
            XCTAssertEqual(try decoder.readInbound(as: ByteBuffer.self), ByteBuffer(string: payload))
        }
    }
}
