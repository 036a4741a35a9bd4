import Testing
import BaaSEVM

@Suite struct ABITextTests {
    static let parsed: [(String, String, ABIValue)] = [
        ("uint256", "1000", .uint(1000)),
        ("uint8", "0xff", .uint(255)),
        ("int256", "-5", .signed(-5)),
        ("address", "0x00112233445566778899aabbccddeeff00112233",
         .address(EVMAddress(hex: "0x00112233445566778899aabbccddeeff00112233")!)),
        ("bool", "true", .bool(true)),
        ("bytes", "0xdeadbeef", .bytes([0xde, 0xad, 0xbe, 0xef])),
        ("string", "hello, world", .string("hello, world")),
        ("uint256[]", "[1, 2, 3]", .array([.uint(1), .uint(2), .uint(3)])),
        ("string[2]", "[\"a,b\", \"say \\\"hi\\\"\"]", .array([.string("a,b"), .string("say \"hi\"")])),
        ("(address,uint256)[]", "[(0x0000000000000000000000000000000000000001,7)]",
         .array([.tuple([.address(EVMAddress(hex: "0x0000000000000000000000000000000000000001")!), .uint(7)])])),
        ("uint256[][]", "[[],[1]]", .array([.array([]), .array([.uint(1)])])),
    ]

    @Test(arguments: parsed)
    func textParsesAndFormatsBack(type: String, text: String, value: ABIValue) throws {
        let abiType = try ABIType(type)
        let parsed = try ABIValue(parsing: text, as: abiType)
        #expect(parsed == value)
        #expect(try ABIValue(parsing: parsed.formatted, as: abiType) == value)
    }

    static let unparsable: [(String, String)] = [
        ("uint256", "-1"), ("uint256", "12x"), ("bool", "yes"), ("address", "0x1234"),
        ("uint256[]", "[1,2"), ("uint256[2]", "[1]"), ("(uint256,bool)", "(1)"), ("bytes", "0xabc"),
    ]

    @Test(arguments: unparsable)
    func malformedTextIsRejected(type: String, text: String) throws {
        let abiType = try ABIType(type)
        #expect(throws: EVMError.abiValue("")) { try ABIValue(parsing: text, as: abiType) }
    }

    @Test func revertReasonDecodesErrorAndPanic() throws {
        let error = ABI.selector("Error(string)") + (try ABI.encode([.string("insufficient balance")], as: [.string]))
        #expect(ABI.revertReason(error) == "insufficient balance")
        let panic = ABI.selector("Panic(uint256)") + UInt256(0x11).bigEndianBytes
        #expect(ABI.revertReason(panic) == "panic 0x11")
        #expect(ABI.revertReason([]) == nil)
        #expect(ABI.revertReason([1, 2, 3, 4, 5]) == nil)
    }
}
