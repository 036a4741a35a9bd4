import Testing
import BaaSEVM

@Suite struct RLPTests {
    /// The examples from the Ethereum RLP specification.
    static let answers: [(RLP, [UInt8])] = [
        (.bytes(Array("dog".utf8)), [0x83, 0x64, 0x6f, 0x67]),
        (.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]),
         [0xc8, 0x83, 0x63, 0x61, 0x74, 0x83, 0x64, 0x6f, 0x67]),
        (.bytes([]), [0x80]),
        (.list([]), [0xc0]),
        (.integer(UInt64(0)), [0x80]),
        (.bytes([0x00]), [0x00]),
        (.integer(UInt64(15)), [0x0f]),
        (.integer(UInt64(1024)), [0x82, 0x04, 0x00]),
        (.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]),
         [0xc7, 0xc0, 0xc1, 0xc0, 0xc3, 0xc0, 0xc1, 0xc0]),
        (.bytes(Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)),
         [0xb8, 0x38] + Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)),
    ]

    @Test(arguments: answers)
    func encodesSpecificationExamples(item: RLP, encoding: [UInt8]) {
        #expect(item.encoded == encoding)
    }
}
