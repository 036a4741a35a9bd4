import Testing
import BaaSEVM

@Suite struct InterpreterTests {
    let contract = address("0xc0de")
    let other = address("0xb0b")

    /// Each prefix first stores 1 in slot 0 and logs, so an untouched state proves the rollback.
    static let badInputs: [(String, String, EVMFailure)] = [
        ("designated invalid opcode", "INVALID", .invalidOpcode(0xfe)),
        ("undefined opcode", "0x0c", .invalidOpcode(0x0c)),
        ("stack underflow", "ADD", .stackUnderflow),
        ("stack overflow", "JUMPDEST PUSH0 PUSH1 0x07 JUMP", .stackOverflow),
        ("runaway loop", "JUMPDEST PUSH1 0x07 JUMP", .outOfGas),
        ("jump outside the code", "PUSH1 0x40 JUMP", .badJumpDestination),
        ("jump into push data", "PUSH1 0x0a JUMP PUSH1 0x5b", .badJumpDestination),
        ("jump to a non-JUMPDEST", "PUSH1 0x07 JUMP", .badJumpDestination),
        ("return data read past its end", "PUSH1 0x01 PUSH0 PUSH0 RETURNDATACOPY", .returnDataOutOfBounds),
        ("memory too large to pay for", "PUSH4 0xffffffff MLOAD", .outOfGas),
    ]

    @Test(arguments: badInputs)
    func badInputFailsWithItsReasonAndLeavesStateUntouched(name: String, tail: String, reason: EVMFailure) {
        let code = asm("PUSH1 0x01 PUSH0 SSTORE PUSH0 PUSH0 LOG0 " + tail)
        let world = World(contracts: [contract: code])
        let result = world.call(contract, value: 7, gas: 200_000)

        #expect(result.failure == reason, "\(name)")
        #expect(result.gasLeft == 0)
        #expect(world.slot(contract, 0) == .zero)
        #expect(world.state.logs.isEmpty)
        #expect(world.state.balance(contract) == .zero)
        #expect(world.state.balance(world.sender) == UInt256(1_000_000))
    }

    @Test func stateChangeInsideStaticCallFails() {
        let world = World(contracts: [contract: asm("PUSH1 0x01 PUSH0 SSTORE STOP")])
        let result = world.call(contract, isStatic: true)
        #expect(result.failure == .staticStateChange)
        #expect(world.slot(contract, 0) == .zero)
    }

    @Test func revertRollsBackStorageAndReturnsDataWithUnusedGas() {
        let code = asm("PUSH1 0x01 PUSH0 SSTORE PUSH3 0x616263 PUSH0 MSTORE PUSH1 0x03 PUSH1 0x1d REVERT")
        let world = World(contracts: [contract: code])
        let result = world.call(contract, value: 5)
        #expect(result.status == .revert)
        #expect(result.output == Array("abc".utf8))
        #expect(result.gasLeft > 900_000)
        #expect(world.slot(contract, 0) == .zero)
        #expect(world.state.balance(contract) == .zero)
    }

    @Test func storeCostsFollowShanghaiSchedule() {
        // PUSH1 (3) + PUSH0 (2) + cold SSTORE of a zero slot to non-zero (2,100 + 20,000).
        let world = World(contracts: [contract: asm("PUSH1 0x01 PUSH0 SSTORE STOP")])
        let result = world.call(contract, gas: 100_000)
        #expect(result.isSuccess)
        #expect(100_000 - result.gasLeft == 22_105)
        #expect(world.slot(contract, 0) == .one)
    }

    @Test func clearingASlotEarnsACappedRefund() {
        let world = World(contracts: [contract: asm("PUSH0 PUSH0 SSTORE STOP")])
        world.state.setStorage(contract, key: .zero, value: .one)
        world.state.beginTransaction()
        let result = world.call(contract, gas: 100_000)
        #expect(result.isSuccess)
        #expect(result.gasRefund == 4800)
        let used = 100_000 - result.gasLeft
        #expect(result.gasUsed(limit: 100_000, rules: .shanghai) == used - min(4800, used / 5))
    }

    @Test func runawayLoopStopsOnGas() {
        let world = World(contracts: [contract: asm("JUMPDEST PUSH0 JUMP")])
        let result = world.call(contract, gas: 5_000_000)
        #expect(result.failure == .outOfGas)
        #expect(result.gasLeft == 0)
    }

    @Test func callMovesValueAndRunsCalleeInItsOwnContext() {
        let callee = asm("CALLER PUSH0 SSTORE CALLVALUE PUSH1 0x01 SSTORE ADDRESS PUSH1 0x02 SSTORE STOP")
        let caller = asm("PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 0x05 \(pushAddress(other)) GAS CALL PUSH1 0x10 SSTORE STOP")
        let world = World(contracts: [contract: caller, other: callee])
        let result = world.call(contract, value: 100)
        #expect(result.isSuccess)
        #expect(world.slot(contract, 0x10) == .one)
        #expect(world.slot(other, 0) == contract.word)
        #expect(world.slot(other, 1) == UInt256(5))
        #expect(world.slot(other, 2) == other.word)
        #expect(world.state.balance(contract) == UInt256(95))
        #expect(world.state.balance(other) == UInt256(5))
    }

    @Test func delegateCallRunsCalleeCodeOnCallerStorage() {
        let library = asm("CALLER PUSH0 SSTORE CALLVALUE PUSH1 0x01 SSTORE ADDRESS PUSH1 0x02 SSTORE STOP")
        let proxy = asm("PUSH0 PUSH0 PUSH0 PUSH0 \(pushAddress(other)) GAS DELEGATECALL PUSH1 0x10 SSTORE STOP")
        let world = World(contracts: [contract: proxy, other: library])
        #expect(world.call(contract, value: 9).isSuccess)
        #expect(world.slot(contract, 0) == world.sender.word)
        #expect(world.slot(contract, 1) == UInt256(9))
        #expect(world.slot(contract, 2) == contract.word)
        #expect(world.slot(contract, 0x10) == .one)
        #expect(world.slot(other, 0) == .zero)
    }

    @Test func staticCallRefusesCalleeStateChangesButCallerContinues() {
        let writer = asm("PUSH1 0x01 PUSH0 SSTORE STOP")
        let reader = asm("""
            PUSH0 PUSH0 PUSH0 PUSH0 \(pushAddress(other)) PUSH2 0xffff STATICCALL PUSH1 0x10 SSTORE
            PUSH1 0x01 PUSH1 0x11 SSTORE STOP
            """)
        let world = World(contracts: [contract: reader, other: writer])
        #expect(world.call(contract).isSuccess)
        #expect(world.slot(contract, 0x10) == .zero)
        #expect(world.slot(contract, 0x11) == .one)
        #expect(world.slot(other, 0) == .zero)
    }

    @Test func revertedNestedCallDropsItsChangesAndLogsButNotTheCallers() {
        let failing = asm("PUSH1 0x01 PUSH0 SSTORE PUSH0 PUSH0 LOG0 PUSH0 PUSH0 REVERT")
        let caller = asm("""
            PUSH0 PUSH0 LOG0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 \(pushAddress(other)) GAS CALL
            PUSH1 0x10 SSTORE PUSH1 0x01 PUSH1 0x11 SSTORE STOP
            """)
        let world = World(contracts: [contract: caller, other: failing])
        #expect(world.call(contract).isSuccess)
        #expect(world.slot(other, 0) == .zero)
        #expect(world.slot(contract, 0x10) == .zero)
        #expect(world.slot(contract, 0x11) == .one)
        #expect(world.state.logs == [EVMLog(address: contract, topics: [], data: [])])
    }

    /// Init code that deploys `PUSH1 0x2a PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN` (returns 42).
    static let initCode = asm("PUSH8 0x602a5f5260205ff3 PUSH0 MSTORE PUSH1 0x08 PUSH1 0x18 RETURN")

    @Test func createDeploysCodeAtTheSenderNonceAddress() {
        let factory = asm("PUSH16 \(Hex.encode(Self.initCode)) PUSH0 MSTORE PUSH1 0x10 PUSH1 0x10 PUSH0 CREATE PUSH0 SSTORE STOP")
        let world = World(contracts: [contract: factory])
        #expect(world.call(contract).isSuccess)
        let created = EVMAddress.forCreate(sender: contract, nonce: 1)
        #expect(world.slot(contract, 0) == created.word)
        #expect(world.state.nonce(contract) == 2)
        #expect(world.state.nonce(created) == 1)
        let answer = world.call(created)
        #expect(answer.output == UInt256(42).bigEndianBytes)
    }

    @Test func create2DeploysAtTheSaltedAddress() {
        let factory = asm("""
            PUSH16 \(Hex.encode(Self.initCode)) PUSH0 MSTORE
            PUSH1 0x77 PUSH1 0x10 PUSH1 0x10 PUSH0 CREATE2 PUSH0 SSTORE STOP
            """)
        let world = World(contracts: [contract: factory])
        #expect(world.call(contract).isSuccess)
        let created = EVMAddress.forCreate2(sender: contract, salt: UInt256(0x77),
                                            initCodeHash: Keccak256.hashWord(Self.initCode))
        #expect(world.slot(contract, 0) == created.word)
        #expect(world.state.code(created) == asm("PUSH1 0x2a PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN"))
        // The same salt and code again collide: CREATE2 pushes zero.
        #expect(world.call(contract).isSuccess)
        #expect(world.slot(contract, 0) == .zero)
    }

    @Test func topLevelCreateReturnsTheNewAddress() {
        let world = World()
        let result = world.create(Self.initCode, value: 10)
        let expected = EVMAddress.forCreate(sender: world.sender, nonce: 0)
        #expect(result.createdAddress == expected)
        #expect(world.state.balance(expected) == UInt256(10))
        #expect(world.call(expected).output == UInt256(42).bigEndianBytes)
    }

    @Test func oversizeDeployedCodeFailsAndLeavesNoContract() {
        let world = World()
        let result = world.create(asm("PUSH2 0x6001 PUSH0 RETURN"), value: 10)
        #expect(result.failure == .codeTooLarge)
        let target = EVMAddress.forCreate(sender: world.sender, nonce: 0)
        #expect(world.state.code(target).isEmpty)
        #expect(world.state.balance(target) == .zero)
        #expect(world.state.balance(world.sender) == UInt256(1_000_000))
    }

    @Test func oversizeInitCodeFails() {
        let world = World()
        let result = world.create([UInt8](repeating: 0, count: 49_153))
        #expect(result.failure == .initCodeTooLarge)
    }

    @Test func codeStartingWithEFIsRejected() {
        let world = World()
        let result = world.create(asm("PUSH1 0xef PUSH0 MSTORE8 PUSH1 0x01 PUSH0 RETURN"))
        #expect(result.failure == .invalidCodePrefix)
    }

    @Test func valueBeyondBalanceIsRefusedWithGasReturned() {
        let world = World(contracts: [contract: asm("STOP")])
        let result = world.call(contract, value: 2_000_000, gas: 50_000)
        #expect(result.failure == .insufficientBalance)
        #expect(result.gasLeft == 50_000)
    }

    @Test func hashAndIdentityPrecompilesAnswer() {
        let world = World()
        #expect(world.call(address("0x04"), input: Array("hello".utf8)).output == Array("hello".utf8))
        #expect(hexString(world.call(address("0x02"), input: Array("abc".utf8)).output)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hexString(world.call(address("0x03"), input: Array("abc".utf8)).output)
                == "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        #expect(world.call(address("0x03"), input: Array("abc".utf8), gas: 719).failure == .outOfGas)
    }

    @Test func selfDestructMovesBalanceAndDeletesAtTransactionEnd() {
        let world = World(contracts: [contract: asm("\(pushAddress(other)) SELFDESTRUCT")])
        world.state.setBalance(contract, UInt256(50))
        world.state.beginTransaction()
        #expect(world.call(contract).isSuccess)
        world.state.endTransaction()
        #expect(world.state.balance(other) == UInt256(50))
        #expect(!world.state.exists(contract))
    }
}

@Suite struct CallDepthTests {
    /// Each level logs, then calls itself with all but 4,096 of its gas: levels 0…1024 log, and the
    /// call from level 1024 is refused (without the 63/64 rule, gas alone would not stop it).
    @Test func recursionStopsAtDepth1024() {
        let contract = address("0xdee9")
        let code = asm("""
            PUSH1 0x00 PUSH1 0x00 LOG0
            PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 ADDRESS
            PUSH2 0x1000 GAS SUB CALL STOP
            """)
        let state = WorldState()
        state.setCode(contract, code)
        state.beginTransaction()
        let executor = EVMExecutor(state: state, rules: .legacyVMTests)
        let result = executor.execute(EVMMessage(kind: .call, gas: 20_000_000, recipient: contract, sender: contract))
        #expect(result.isSuccess)
        #expect(state.logs.count == 1025)
    }
}

@Suite struct HostSeamTests {
    /// A host that runs code but answers every nested call itself, as a ledger hook could.
    final class EchoHost: EVMHost {
        let state = WorldState()
        let rules = EVMRules.shanghai
        let context = EVMContext()
        let analysisCache = CodeAnalysisCache(capacity: 8)
        var calls: [EVMMessage] = []

        func blockHash(number: UInt64) -> UInt256 { .zero }

        func call(_ message: EVMMessage) -> EVMResult {
            calls.append(message)
            return EVMResult(status: .success, gasLeft: message.gas, output: message.input)
        }
    }

    @Test func customHostRunsCodeAndSeesNestedCalls() {
        let host = EchoHost()
        let code = asm("""
            PUSH2 0xbeef PUSH0 MSTORE
            PUSH1 0x20 PUSH0 PUSH1 0x20 PUSH0 PUSH0 PUSH1 0x99 PUSH2 0x1000 CALL POP
            PUSH1 0x20 PUSH0 RETURN
            """)
        let message = EVMMessage(kind: .call, gas: 100_000, recipient: address("0xc0de"), sender: address("0x01"))
        let result = Interpreter.run(message: message, code: code, codeHash: nil, host: host)
        #expect(result.isSuccess)
        #expect(host.calls.count == 1)
        #expect(host.calls.first?.recipient == address("0x99"))
        #expect(host.calls.first?.gas == 0x1000)
        #expect(host.calls.first?.depth == 1)
        #expect(result.output == UInt256(0xbeef).bigEndianBytes)
    }

    @Test func executorRunsTheLedgersOwnPrecompiles() {
        let state = WorldState()
        let hook = address("0x0100")
        let executor = EVMExecutor(state: state, precompiles: [hook: { input, gas in
            EVMResult(status: .success, gasLeft: gas - 10, output: input.reversed())
        }])
        let result = executor.execute(EVMMessage(kind: .call, gas: 1000, recipient: hook, sender: address("0x01"),
                                                 input: [1, 2, 3]))
        #expect(result.output == [3, 2, 1])
        #expect(result.gasLeft == 990)
    }
}
