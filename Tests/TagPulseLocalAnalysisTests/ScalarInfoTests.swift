import Testing

@testable import TagPulseLocalAnalysis

/// The precomputed scalar tables agree with the Unicode properties they stand for, and `symbolIndex` with the blocks.
@Suite("ScalarInfo tables")
struct ScalarInfoTests {
    @Test("symbolIndex covers exactly the symbol blocks, in order, and the flags are the Unicode properties")
    func symbolBlocks() {
        var expectedIndex = 0
        for block in ScalarInfo.symbolBlocks {
            for v in block {
                #expect(ScalarInfo.symbolIndex(v) == expectedIndex)
                let entry = ScalarInfo.symbols[expectedIndex]
                let properties = Unicode.Scalar(v)?.properties
                #expect((entry & ScalarInfo.alpha != 0) == (properties?.isAlphabetic ?? false))
                #expect((entry & ScalarInfo.space != 0) == (properties?.isWhitespace ?? false))
                #expect((entry & ScalarInfo.emoji != 0) == (properties?.isEmoji ?? false))
                expectedIndex += 1
            }
            #expect(ScalarInfo.symbolIndex(block.lowerBound - 1) == -1 || ScalarInfo.symbolBlocks.contains { $0.contains(block.lowerBound - 1) })
            #expect(ScalarInfo.symbolIndex(block.upperBound) == -1 || ScalarInfo.symbolBlocks.contains { $0.contains(block.upperBound) })
        }
        #expect(expectedIndex == ScalarInfo.symbols.count)
        for v: UInt32 in [0, 0x7FF, 0x1FFF, 0x2C00, 0x3000, 0x1EFFF, 0x1FB00, 0x10FFFF] {
            #expect(ScalarInfo.symbolIndex(v) == -1, "U+\(String(v, radix: 16))")
        }
    }
}
