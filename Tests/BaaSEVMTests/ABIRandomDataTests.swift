import Testing
import BaaSEVM

/// Decoding arbitrary return data must throw or succeed, never crash, whatever it claims.
@Suite struct ABIRandomDataTests {
    static let types = ["(uint256)", "(string)", "(bytes,uint8[])", "(uint256[][],string[])", "((address,bytes)[2],bool)"]

    @Test(arguments: types)
    func randomDataNeverCrashesTheDecoder(types: String) throws {
        guard case .tuple(let members) = try ABIType(types) else { return }
        var random = RandomCodeTests.Generator(state: UInt64(types.utf8.count))
        for _ in 0..<2000 {
            var words: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                // Small numbers make plausible offsets and lengths; the rest is noise.
                let word = Bool.random(using: &random)
                    ? UInt256(UInt64.random(in: 0...0x180, using: &random))
                    : UInt256(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next())
                words += word.bigEndianBytes
            }
            // Whatever decodes re-encodes canonically and decodes to the same values.
            if let values = try? ABI.decode(words, as: members) {
                #expect(values.count == members.count)
                #expect(try ABI.decode(ABI.encode(values, as: members), as: members) == values)
            }
        }
    }
}
