import Testing
import BaaSEVM

private func w(_ hex: String) -> UInt256 { UInt256(hex: hex)! }
private let maxHex = "0x" + String(repeating: "f", count: 64)
private let minSigned = "0x8" + String(repeating: "0", count: 63)
private func minus(_ low: String) -> String { "0x" + String(repeating: "f", count: 64 - low.count) + low }

@Suite struct UInt256Tests {
    typealias Binary = (String, String, String, String)

    static let binaryCases: [Binary] = [
        ("add", maxHex, "0x1", "0x0"),
        ("add", "0xffffffffffffffff", "0x1", "0x10000000000000000"),
        ("sub", "0x0", "0x1", maxHex),
        ("sub", "0x100000000000000000000000000000000", "0x1", "0xffffffffffffffffffffffffffffffff"),
        ("mul", maxHex, maxHex, "0x1"),
        ("mul", "0x100000000000000000000000000000000", "0x100000000000000000000000000000000", "0x0"),
        ("mul", "0xffffffffffffffff", "0xffffffffffffffff", "0xfffffffffffffffe0000000000000001"),
        ("div", "0x7", "0x0", "0x0"),
        ("div", maxHex, "0x3", "0x" + String(repeating: "5", count: 64)),
        ("div", maxHex, "0x100000000000000000000000000000000", "0xffffffffffffffffffffffffffffffff"),
        ("div", "0xfedcba9876543210fedcba9876543210fedcba9876543210", "0x123456789abcdef0123456789",
         "0xe0000000000000d2f0000000"),
        ("mod", "0x7", "0x0", "0x0"),
        ("mod", maxHex, "0x100000000000000000000000000000001", "0x0"),
        ("mod", "0xfedcba9876543210fedcba9876543210fedcba9876543210", "0x123456789abcdef0123456789",
         "0x96551310fedcbb2606543210"),
        ("sdiv", minSigned, maxHex, minSigned),
        ("sdiv", maxHex, "0x0", "0x0"),
        ("sdiv", minus("a"), "0x3", minus("e")),
        ("smod", minus("8"), "0x3", minus("e")),
        ("smod", "0x8", minus("d"), "0x2"),
        ("smod", minSigned, maxHex, "0x0"),
        ("smod", "0x8", "0x0", "0x0"),
        ("exp", "0x2", "0xff", minSigned),
        ("exp", "0x2", "0x100", "0x0"),
        ("exp", "0x3", "0x0", "0x1"),
        ("exp", "0x0", "0x0", "0x1"),
        ("exp", maxHex, "0x3", maxHex),
        ("exp", "0xa", "0x14", "0x56bc75e2d63100000"),
        ("shl", "0x1", "0xff", minSigned),
        ("shl", "0x1", "0x100", "0x0"),
        ("shl", maxHex, "0x" + String(repeating: "f", count: 40), "0x0"),
        ("shr", minSigned, "0xff", "0x1"),
        ("shr", minSigned, "0x101", "0x0"),
        ("sar", minSigned, "0xff", maxHex),
        ("sar", minSigned, "0x100", maxHex),
        ("sar", "0x4" + String(repeating: "0", count: 63), "0xfe", "0x1"),
        ("sar", "0x4" + String(repeating: "0", count: 63), "0x1000", "0x0"),
        ("signextend", "0xff", "0x0", maxHex),
        ("signextend", "0x7f", "0x0", "0x7f"),
        ("signextend", "0x12faff", "0x1", minus("faff")),
        ("signextend", "0x1280ff", "0x1", minus("80ff")),
        ("signextend", "0x127fff", "0x1", "0x7fff"),
        ("signextend", "0x1234", "0x1f", "0x1234"),
        ("signextend", "0xff", "0x" + String(repeating: "f", count: 40), "0xff"),
        ("byte", "0x1234", "0x1e", "0x12"),
        ("byte", minSigned, "0x0", "0x80"),
        ("byte", maxHex, "0x20", "0x0"),
    ]

    @Test(arguments: binaryCases)
    func binaryOperationMatchesEVMSemantics(testCase: Binary) {
        let (op, a, b, expected) = testCase
        let x = w(a), y = w(b)
        let result: UInt256
        switch op {
        case "add": result = x &+ y
        case "sub": result = x &- y
        case "mul": result = x &* y
        case "div": result = x / y
        case "mod": result = x % y
        case "sdiv": result = x.signedDivided(by: y)
        case "smod": result = x.signedRemainder(dividingBy: y)
        case "exp": result = UInt256.power(x, y)
        case "shl": result = x.shiftedLeft(by: y)
        case "shr": result = x.shiftedRight(by: y)
        case "sar": result = x.arithmeticShiftedRight(by: y)
        case "signextend": result = x.signExtended(fromByte: y)
        default: result = x.byte(at: y)
        }
        #expect(result == w(expected), "\(op)(\(a), \(b))")
    }

    static let modularCases: [(String, String, String, String, String)] = [
        ("addmod", maxHex, "0x2", "0x2", "0x1"),
        ("addmod", maxHex, maxHex, "0x7", "0x2"),
        ("addmod", "0x5", "0x6", "0x0", "0x0"),
        ("mulmod", maxHex, maxHex, "0x7", "0x1"),
        ("mulmod", maxHex, maxHex, maxHex, "0x0"),
        ("mulmod", maxHex, "0x2", "0x3", "0x0"),
        ("mulmod", "0x5", "0x6", "0x0", "0x0"),
        ("mulmod", "0x100000000000000000000000000000000", "0x100000000000000000000000000000000", minus("5"), "0xb"),
    ]

    @Test(arguments: modularCases)
    func modularOperationUsesFullWidthIntermediate(testCase: (String, String, String, String, String)) {
        let (op, a, b, m, expected) = testCase
        let result = op == "addmod" ? UInt256.addMod(w(a), w(b), w(m)) : UInt256.mulMod(w(a), w(b), w(m))
        #expect(result == w(expected), "\(op)(\(a), \(b), \(m))")
    }

    @Test func signedComparisonTreatsTopBitAsSign() {
        #expect(UInt256.max.isSignedLess(than: .zero))
        #expect(!UInt256.zero.isSignedLess(than: .max))
        #expect(UInt256.signedMin.isSignedLess(than: .max))
        #expect(UInt256.one < UInt256.max)
    }

    @Test func bytesAndTextRoundTrip() {
        let value = w("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
        #expect(value.bigEndianBytes == Array(1...32))
        #expect(UInt256(bigEndian: Array(1...32) as [UInt8]) == value)
        #expect(UInt256(bigEndian: [0x01, 0x00] as [UInt8]) == UInt256(256))
        #expect(value.hexString == "0x102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
        #expect(UInt256.max.description
                == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(UInt256(decimal: UInt256.max.description) == .max)
        #expect(UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936") == nil)
        #expect(UInt256(hex: "0x1" + String(repeating: "0", count: 64)) == nil)
        #expect(UInt256(hex: "0xzz") == nil)
        #expect(UInt256(300).minimalBigEndianBytes == [0x01, 0x2c])
        #expect(UInt256.zero.minimalBigEndianBytes.isEmpty)
    }
}
