import Testing
import BaaSEVM

/// Random bytecode must never crash the interpreter, and whatever does not succeed must leave
/// state as it was.
@Suite struct RandomCodeTests {
    /// SplitMix64: a small seeded generator, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    static let contracts = [address("0xc1"), address("0xc2"), address("0xc3")]

    /// Mostly small pushes and real opcodes, with addresses of the other contracts and edge values.
    static func randomCode(_ random: inout Generator) -> [UInt8] {
        var code: [UInt8] = []
        let length = Int.random(in: 1...64, using: &random)
        while code.count < length {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<3:
                code += [0x60, UInt8.random(in: 0...0x40, using: &random)]
            case 3:
                code += [0x73] + contracts.randomElement(using: &random)!.bytes
            case 4:
                code += [0x7f] + [UInt8](repeating: [0x00, 0xff, 0x80].randomElement(using: &random)!, count: 32)
            default:
                code.append(UInt8.random(in: 0...0xff, using: &random))
            }
        }
        return code
    }

    @Test func randomProgramsNeverCrashAndFailuresChangeNothing() {
        var random = Generator(state: 0x0baa5)
        let sender = address("0x5e4de4")
        for round in 0..<3000 {
            let state = WorldState()
            state.setBalance(sender, UInt256(1_000_000))
            for contract in Self.contracts {
                state.setCode(contract, Self.randomCode(&random))
                state.setNonce(contract, 1)
                state.setBalance(contract, UInt256(1000))
                state.setStorage(contract, key: .one, value: UInt256(7))
            }
            state.endTransaction()
            _ = state.takeChanges()
            let executor = EVMExecutor(state: state, context: EVMContext(origin: sender))
            let input = [UInt8](repeating: UInt8(round & 0xff), count: round % 70)
            let result = executor.execute(EVMMessage(kind: .call, gas: 40_000, recipient: Self.contracts[round % 3],
                                                     sender: sender, value: UInt256(UInt64(round % 5)), input: input))
            if !result.isSuccess {
                #expect(state.logs.isEmpty, "round \(round)")
                for contract in Self.contracts {
                    #expect(state.storage(contract, key: .one) == UInt256(7), "round \(round)")
                    #expect(state.balance(contract) == UInt256(1000), "round \(round)")
                }
                #expect(state.balance(sender) == UInt256(1_000_000), "round \(round)")
            }
            if case .failure = result.status { #expect(result.gasLeft == 0, "round \(round)") }
            #expect(result.gasLeft >= 0 && result.gasLeft <= 40_000, "round \(round)")
        }
    }
}
