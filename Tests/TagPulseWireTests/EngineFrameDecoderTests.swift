import NIOCore
import NIOEmbedded
import NIOTestUtils
import TagPulseWire
import XCTest

final class EngineFrameDecoderTests: XCTestCase {
    private func frame(_ payload: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(payload.utf8.count), endianness: .big)
        buffer.writeString(payload)
        return buffer
    }

    func testDecodesFramesByteByByteAndBatched() throws {
        let payloads = [#"{"v":1}"#, #"{"id":"a","method":"ping"}"#, String(repeating: "x", count: 3000)]
        let pairs = payloads.map { (self.frame($0), [ByteBuffer(string: $0)]) }
        XCTAssertNoThrow(
            try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
                EngineFrameDecoder(maximumFrameBytes: 4096)
            }
        )
    }

    func testZeroLengthFrameIsRejected() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder()))
        var input = ByteBuffer()
        input.writeInteger(UInt32(0), endianness: .big)
        XCTAssertThrowsError(try channel.writeInbound(input)) { error in
            XCTAssertEqual(error as? EngineFrameError, .emptyFrame)
        }
    }

    func testOversizeLengthIsRejectedBeforeThePayloadArrives() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder(maximumFrameBytes: 1024)))
        var input = ByteBuffer()
        input.writeInteger(UInt32(1025), endianness: .big)  // only the 4 length bytes: no payload was sent
        XCTAssertThrowsError(try channel.writeInbound(input)) { error in
            XCTAssertEqual(error as? EngineFrameError, .frameTooLarge(length: 1025, maximum: 1024))
        }
    }

    func testLargestLegalFrameIsAccepted() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder(maximumFrameBytes: 1024)))
        let payload = String(repeating: "a", count: 1024)
        XCTAssertNoThrow(try channel.writeInbound(self.frame(payload)))
        XCTAssertEqual(try channel.readInbound(as: ByteBuffer.self), ByteBuffer(string: payload))
    }

    func testTruncatedFrameAtEndOfStreamIsAnError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder()))
        var input = self.frame(#"{"v":1,"id":"x"}"#)
        input.moveWriterIndex(to: input.writerIndex - 3)
        XCTAssertNoThrow(try channel.writeInbound(input))
        XCTAssertNil(try channel.readInbound(as: ByteBuffer.self))
        XCTAssertThrowsError(try channel.finish()) { error in
            guard case .truncatedFrame(let received)? = error as? EngineFrameError else {
                return XCTFail("expected truncatedFrame, got \(error)")
            }
            XCTAssertEqual(received, 4 + 16 - 3)
        }
    }

    func testPartialLengthPrefixWaitsForMoreBytes() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(EngineFrameDecoder()))
        let whole = self.frame("{}")
        XCTAssertNoThrow(try channel.writeInbound(whole.getSlice(at: 0, length: 2)!))
        XCTAssertNil(try channel.readInbound(as: ByteBuffer.self))
        XCTAssertNoThrow(try channel.writeInbound(whole.getSlice(at: 2, length: whole.readableBytes - 2)!))
        XCTAssertEqual(try channel.readInbound(as: ByteBuffer.self), ByteBuffer(string: "{}"))
        XCTAssertNoThrow(try channel.finish())
    }
}
