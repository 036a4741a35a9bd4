import Foundation
import Testing
import BaaSEVM

@Suite struct ModExpTests {
    static let modexp = address("0x05")

    static func input(_ base: [UInt8], _ exponent: [UInt8], _ modulus: [UInt8]) -> [UInt8] {
        UInt256(UInt64(base.count)).bigEndianBytes + UInt256(UInt64(exponent.count)).bigEndianBytes
            + UInt256(UInt64(modulus.count)).bigEndianBytes + base + exponent + modulus
    }

    /// The examples of EIP-198, priced as EIP-2565 does (1,360 gas each).
    @Test func eipExamplesGiveFermatsAnswerAndPrice() {
        let world = World()
        let exponent = Hex.decode("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e")!
        let prime = Hex.decode("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")!
        let first = world.call(Self.modexp, input: Self.input([3], exponent, prime), gas: 10_000)
        #expect(first.output == UInt256.one.bigEndianBytes)
        #expect(10_000 - first.gasLeft == 1360)
        let second = world.call(Self.modexp, input: Self.input([], exponent, prime), gas: 10_000)
        #expect(second.output == UInt256.zero.bigEndianBytes)
        #expect(10_000 - second.gasLeft == 1360)
        #expect(world.call(Self.modexp, input: Self.input([3], exponent, prime), gas: 1359).failure == .outOfGas)
    }

    @Test func zeroModulusGivesZerosAndEmptyLengthsGiveNothing() {
        let world = World()
        #expect(world.call(Self.modexp, input: Self.input([7], [2], [0, 0]), gas: 1000).output == [0, 0])
        let empty = world.call(Self.modexp, input: Self.input([], [1, 2, 3], []), gas: 1000)
        #expect(empty.isSuccess && empty.output.isEmpty && empty.gasLeft == 800)
        let huge = UInt256.zero.bigEndianBytes + UInt256.max.bigEndianBytes + UInt256.one.bigEndianBytes
        #expect(world.call(Self.modexp, input: huge, gas: 1_000_000).failure == .outOfGas)
    }

    /// Random operands of assorted lengths, checked against Python's `pow`.
    @Test func randomOperandsMatchPythonsPow() throws {
        var random = RandomCodeTests.Generator(state: 0x5eed)
        var cases: [([UInt8], [UInt8], [UInt8])] = []
        for (b, e, m) in [(1, 1, 1), (32, 32, 32), (64, 3, 64), (100, 40, 128), (7, 64, 200), (0, 5, 9), (5, 0, 17)] {
            func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &random) } }
            cases.append((bytes(b), bytes(e), bytes(m)))
        }
        let script = """
            import sys
            for line in sys.stdin:
                b, e, m = line.rstrip("\\n").split(",")
                modulus = int(m, 16)
                value = pow(int(b or "0", 16), int(e or "0", 16), modulus) if modulus else 0
                print(value.to_bytes(len(m) // 2, "big").hex())
            """
        let lines = cases.map { [$0.0, $0.1, $0.2].map { Hex.encode($0).dropFirst(2) }.joined(separator: ",") }
        let expected = try Self.python(script, stdin: lines.joined(separator: "\n") + "\n").split(separator: "\n")
        try #require(expected.count == cases.count)
        let world = World()
        for (index, (base, exponent, modulus)) in cases.enumerated() {
            let result = world.call(Self.modexp, input: Self.input(base, exponent, modulus), gas: 10_000_000)
            #expect(Hex.encode(result.output) == "0x" + expected[index], "case \(index)")
        }
    }

    static func python(_ script: String, stdin: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
