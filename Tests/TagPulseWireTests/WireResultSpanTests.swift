import NIOCore
import Testing

@testable import TagPulseWire

/// Finding a response's `result` object without decoding it.
@Suite("WireResultSpan")
struct WireResultSpanTests {
    func span(_ text: String) -> String? {
        WireResultSpan.find(in: ByteBuffer(string: text)).map { String(buffer: $0) }
    }

    @Test func findsTheTopLevelResultExactlyAsWritten() {
        #expect(self.span(#"{"v":1,"id":"g1","ok":true,"result":{"b": [1, {"c":"}"}], "x":null}}"#) == #"{"b": [1, {"c":"}"}], "x":null}"#)
        #expect(self.span(#" { "result" : {} , "v":1 }"#) == "{}")
        // Fields the gateway does not know stay as they are.
        #expect(self.span(#"{"result":{"new_field":"\u00e9\"\\","data":[]},"ok":true}"#) == #"{"new_field":"\u00e9\"\\","data":[]}"#)
    }

    @Test func isNotFooledByResultInsideStringsOrNestedObjects() {
        #expect(self.span(#"{"note":"\"result\":{}","meta":{"result":{"no":1}},"result":{"yes":2}}"#) == #"{"yes":2}"#)
        #expect(self.span(#"{"meta":{"result":{"no":1}}}"#) == nil)
    }

    @Test func refusesWhatIsNotAnObjectResult() {
        #expect(self.span(#"{"result":[1]}"#) == nil)
        #expect(self.span(#"{"result":"x"}"#) == nil)
        #expect(self.span(#"{"result":{"open":1"#) == nil, "unterminated")
        #expect(self.span("[]") == nil)
        #expect(self.span("") == nil)
        #expect(self.span(#"{"a":"unterminated}"#) == nil)
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,\ result0a"#.utf8)
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = WireResultSpan.find(in: ByteBuffer(bytes: bytes))
        }
    }
}
