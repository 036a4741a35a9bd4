import Testing
import BaaSEVM

@Suite struct ShanghaiGasTests {
    let contract = address("0xc0de")
    let other = address("0xb0b")

    /// Gas used by `code` run once by a top-level call (with `other` holding 1 wei, so it exists).
    func gasUsed(_ code: String) -> Int64 {
        let world = World(contracts: [contract: asm(code)])
        world.state.setBalance(other, .one)
        world.state.beginTransaction()
        let result = world.call(contract, gas: 1_000_000)
        #expect(result.isSuccess, "\(code)")
        return 1_000_000 - result.gasLeft
    }

    static let costs: [(String, Int64)] = [
        ("PUSH0 STOP", 2),
        ("PUSH1 0x01 PUSH1 0x02 EXP STOP", 3 + 3 + 10 + 50),
        ("PUSH0 SLOAD PUSH0 SLOAD STOP", 2 + 2100 + 2 + 100),
        ("\(pushAddress(address("0xb0b"))) BALANCE \(pushAddress(address("0xb0b"))) BALANCE STOP", 3 + 2600 + 3 + 100),
        ("ADDRESS BALANCE STOP", 2 + 100),
        ("PUSH1 0x01 PUSH0 SSTORE PUSH1 0x02 PUSH0 SSTORE STOP", 3 + 2 + 22100 + 3 + 2 + 100),
        ("PUSH0 PUSH0 SSTORE STOP", 2 + 2 + 2200),
        ("PUSH1 0x20 PUSH0 MSTORE STOP", 3 + 2 + 3 + 3),
        ("PUSH1 0x20 PUSH0 SHA3 STOP", 3 + 2 + 30 + 6 + 3),
        ("PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 \(pushAddress(address("0xb0b"))) PUSH0 CALL STOP", 5 * 2 + 3 + 2 + 2600),
        ("PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x04 PUSH1 0xff CALL STOP", 5 * 2 + 3 + 3 + 100 + 15),
        ("\(pushAddress(address("0xb0b"))) SELFDESTRUCT", 3 + 5000 + 2600),
    ]

    @Test(arguments: costs)
    func instructionCostsFollowTheShanghaiSchedule(code: String, expected: Int64) {
        #expect(gasUsed(code) == expected, "\(code)")
    }

    @Test func callPassesAtMostAllButOneSixtyFourthOfRemainingGas() {
        // The callee reports the gas it received; the caller stores the returned word.
        let callee = asm("GAS PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN")
        let caller = asm("PUSH1 0x20 PUSH0 PUSH0 PUSH0 PUSH0 \(pushAddress(other)) PUSH4 0xffffffff CALL PUSH0 MLOAD PUSH0 SSTORE STOP")
        let world = World(contracts: [contract: caller, other: callee])
        #expect(world.call(contract, gas: 100_000).isSuccess)
        // 100,000 − 17 for the pushes − 2,600 for the cold account − 3 for memory = 97,380 left;
        // 63/64 of it is passed, and the callee's GAS reports that minus its own 2.
        let available: Int64 = 100_000 - 17 - 2600 - 3
        #expect(world.slot(contract, 0) == UInt256(UInt64(available - available / 64 - 2)))
    }
}
