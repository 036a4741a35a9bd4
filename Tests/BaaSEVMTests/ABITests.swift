import Testing
import BaaSEVM

private func words(_ hexWords: [String]) -> [UInt8] {
    hexWords.flatMap { UInt256(hex: $0)!.bigEndianBytes }
}

/// A 32-byte word holding `text` left-aligned (how bytes and strings are padded).
private func leftAligned(_ text: String) -> String {
    Hex.encode(Array(text.utf8) + [UInt8](repeating: 0, count: 32 - text.utf8.count))
}

@Suite struct ABITests {
    @Test func transferSelectorIsCanonical() throws {
        #expect(hexString(ABI.selector("transfer(address,uint256)")) == "a9059cbb")
        #expect(hexString(try ABIFunction("transfer(address, uint)").selector) == "a9059cbb")
        #expect(try ABIFunction("transfer(address, uint)").signature == "transfer(address,uint256)")
    }

    @Test func transferCallEncodesAddressAndAmount() throws {
        let to = EVMAddress(hex: "0x00112233445566778899aabbccddeeff00112233")!
        let data = try ABI.encodeCall("transfer(address,uint256)", [.address(to), .uint(1000)])
        #expect(data.count == 4 + 64)
        #expect(Hex.encode(data) == "0xa9059cbb"
                + "00000000000000000000000000112233445566778899aabbccddeeff00112233"
                + "00000000000000000000000000000000000000000000000000000000000003e8")
    }

    /// The examples of the Solidity ABI specification ("Examples" and "Use of Dynamic Types").
    @Test func specificationExampleWithStaticTypes() throws {
        let data = try ABI.encodeCall("baz(uint32,bool)", [.uint(69), .bool(true)])
        #expect(Array(data.prefix(4)) == Hex.decode("0xcdcd77c0"))
        #expect(Array(data.dropFirst(4)) == words(["0x45", "0x01"]))
        let fixed = try ABI.encodeCall("bar(bytes3[2])", [.array([.fixedBytes(Array("abc".utf8)), .fixedBytes(Array("def".utf8))])])
        #expect(Array(fixed.prefix(4)) == Hex.decode("0xfce353f6"))
        #expect(Array(fixed.dropFirst(4)) == words([leftAligned("abc"), leftAligned("def")]))
    }

    @Test func specificationExampleWithBytesAndUintArray() throws {
        let data = try ABI.encodeCall("sam(bytes,bool,uint256[])",
                                      [.bytes(Array("dave".utf8)), .bool(true), .array([.uint(1), .uint(2), .uint(3)])])
        #expect(Array(data.prefix(4)) == Hex.decode("0xa5643bf2"))
        #expect(Array(data.dropFirst(4)) == words(["0x60", "0x01", "0xa0", "0x04", leftAligned("dave"),
                                                   "0x03", "0x01", "0x02", "0x03"]))
    }

    @Test func specificationExampleWithDynamicTypesInTheHead() throws {
        let data = try ABI.encodeCall("f(uint256,uint32[],bytes10,bytes)", [
            .uint(0x123), .array([.uint(0x456), .uint(0x789)]), .fixedBytes(Array("1234567890".utf8)),
            .bytes(Array("Hello, world!".utf8)),
        ])
        #expect(Array(data.prefix(4)) == Hex.decode("0x8be65246"))
        #expect(Array(data.dropFirst(4)) == words(["0x123", "0x80", leftAligned("1234567890"), "0xe0", "0x02",
                                                   "0x456", "0x789", "0x0d", leftAligned("Hello, world!")]))
    }

    @Test func specificationExampleWithNestedArraysAndStrings() throws {
        let arguments: [ABIValue] = [
            .array([.array([.uint(1), .uint(2)]), .array([.uint(3)])]),
            .array([.string("one"), .string("two"), .string("three")]),
        ]
        let data = try ABI.encodeCall("g(uint256[][],string[])", arguments)
        #expect(Array(data.prefix(4)) == Hex.decode("0x2289b18c"))
        #expect(Array(data.dropFirst(4)) == words([
            "0x40", "0x140", "0x02", "0x40", "0xa0", "0x02", "0x01", "0x02", "0x01", "0x03",
            "0x03", "0x60", "0xa0", "0xe0", "0x03", leftAligned("one"), "0x03", leftAligned("two"),
            "0x05", leftAligned("three"),
        ]))
        #expect(try ABIFunction("g(uint256[][],string[])").decodeCall(data) == arguments)
    }

    static let roundTrips: [(String, [ABIValue])] = [
        ("(uint8,int8,int256)", [.uint(255), .signed(-128), .signed(-1)]),
        ("(address,bool,bytes32)", [.address(EVMAddress(hex: "0xffffffffffffffffffffffffffffffffffffffff")!), .bool(false),
                                    .fixedBytes([UInt8](repeating: 7, count: 32))]),
        ("(string,bytes)", [.string("héllo, wörld – a string longer than thirty-two bytes"), .bytes([])]),
        ("(uint256[],string[2])", [.array([]), .array([.string(""), .string("x")])]),
        ("((uint256,string)[],bool)", [.array([.tuple([.uint(1), .string("a")]), .tuple([.uint(2), .string("b")])]), .bool(true)]),
        ("(int16[3])", [.array([.signed(-300), .signed(0), .signed(300)])]),
    ]

    @Test(arguments: roundTrips)
    func encodingThenDecodingGivesTheValuesBack(types: String, values: [ABIValue]) throws {
        guard case .tuple(let members) = try ABIType(types) else { Issue.record("not a tuple"); return }
        let encoded = try ABI.encode(values, as: members)
        #expect(encoded.count % 32 == 0)
        #expect(try ABI.decode(encoded, as: members) == values)
    }

    static let badTypes = ["uint7", "uint264", "bytes33", "bytes0", "mapping", "(uint256", "uint256[0]", "uint256[", ""]

    @Test(arguments: badTypes)
    func malformedTypeIsRejected(text: String) {
        #expect(throws: EVMError.abiType(text)) { try ABIType(text) }
    }

    @Test func valuesOutsideTheirTypeAreRejected() {
        #expect(throws: EVMError.abiValue("")) { try ABI.encode([.uint(256)], as: [.uint(8)]) }
        #expect(throws: EVMError.abiValue("")) { try ABI.encode([.signed(128)], as: [.int(8)]) }
        #expect(throws: EVMError.abiValue("")) { try ABI.encode([.bool(true)], as: [.uint(8)]) }
        #expect(throws: EVMError.abiValue("")) { try ABI.encode([.fixedBytes([1])], as: [.fixedBytes(2)]) }
    }

    @Test func malformedDataIsRejected() {
        #expect(throws: EVMError.abiData("")) { try ABI.decode([0, 1], as: [.uint(256)]) }
        #expect(throws: EVMError.abiData("")) { try ABI.decode(words(["0x02"]), as: [.bool]) }
        #expect(throws: EVMError.abiData("")) { try ABI.decode(words(["0x100"]), as: [.uint(8)]) }
        #expect(throws: EVMError.abiData("")) {
            try ABI.decode(words(["0x" + String(repeating: "f", count: 64)]), as: [.address])
        }
        // An offset pointing past the end, and a length larger than the data.
        #expect(throws: EVMError.abiData("")) { try ABI.decode(words(["0x40"]), as: [.string]) }
        #expect(throws: EVMError.abiData("")) { try ABI.decode(words(["0x20", "0xffff"]), as: [.bytes]) }
        #expect(throws: EVMError.abiData("")) { try ABI.decode(words(["0x20", "0xffffffff"]), as: [.array(.uint(256))]) }
    }

    @Test func returnValuesDecodeThroughTheFunction() throws {
        let function = try ABIFunction("balanceOf(address)", returns: "(uint256)")
        #expect(try function.decodeOutput(UInt256(42).bigEndianBytes) == [.uint(42)])
        let call = try function.encodeCall([.address(EVMAddress(hex: "0x0000000000000000000000000000000000000001")!)])
        #expect(try function.decodeCall(call) == [.address(EVMAddress(hex: "0x0000000000000000000000000000000000000001")!)])
    }
}
