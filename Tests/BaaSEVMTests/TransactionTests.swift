import Testing
import BaaSEVM

@Suite struct TransactionTests {
    let token = address("0x70c3")
    let alice = address("0xa11ce")
    let bob = address("0xb0b")

    func makeWorld() -> (WorldState, EVMExecutor) {
        let state = WorldState()
        state.setCode(token, MiniToken.code)
        state.setNonce(token, 1)
        state.setStorage(token, key: alice.word, value: UInt256(1000))
        state.endTransaction()
        let executor = EVMExecutor(state: state, rules: .shanghai, context: EVMContext(origin: alice))
        return (state, executor)
    }

    @Test func transferThroughABIUpdatesBalancesAndEmitsTheLog() throws {
        let (state, executor) = makeWorld()
        let transfer = try ABIFunction("transfer(address,uint256)", returns: "(bool)")
        let input = try transfer.encodeCall([.address(bob), .uint(250)])
        let receipt = executor.transact(EVMMessage(kind: .call, gas: 100_000, recipient: token, sender: alice, input: input))

        #expect(receipt.result.isSuccess)
        #expect(try transfer.decodeOutput(receipt.result.output) == [.bool(true)])
        #expect(state.storage(token, key: alice.word) == UInt256(750))
        #expect(state.storage(token, key: bob.word) == UInt256(250))
        #expect(state.nonce(alice) == 1)
        #expect(receipt.logs == [EVMLog(address: token, topics: [MiniToken.transferTopic, alice.word, bob.word],
                                        data: UInt256(250).bigEndianBytes)])
        let intrinsic = EVMRules.shanghai.intrinsicGas(input: input, isCreate: false)
        #expect(receipt.gasUsed > intrinsic + 20_000)
        #expect(receipt.gasUsed < 100_000)
    }

    @Test func overdraftRevertsKeepingOnlyTheNonce() throws {
        let (state, executor) = makeWorld()
        let input = try ABI.encodeCall("transfer(address,uint256)", [.address(bob), .uint(1001)])
        let receipt = executor.transact(EVMMessage(kind: .call, gas: 100_000, recipient: token, sender: alice, input: input))

        #expect(receipt.result.status == .revert)
        #expect(receipt.logs.isEmpty)
        #expect(state.storage(token, key: alice.word) == UInt256(1000))
        #expect(state.storage(token, key: bob.word) == .zero)
        #expect(state.nonce(alice) == 1)
    }

    @Test func gasLimitBelowIntrinsicFailsWithoutRunning() {
        let (state, executor) = makeWorld()
        let receipt = executor.transact(EVMMessage(kind: .call, gas: 20_000, recipient: token, sender: alice))
        #expect(receipt.result.failure == .outOfGas)
        #expect(receipt.gasUsed == 20_000)
        #expect(state.nonce(alice) == 0)
    }

    @Test func creationTransactionDeploysAndChargesForInitCode() {
        let state = WorldState()
        let executor = EVMExecutor(state: state, rules: .shanghai, context: EVMContext(origin: alice))
        let receipt = executor.transact(EVMMessage(kind: .create, gas: 200_000, recipient: .zero, sender: alice,
                                                   input: InterpreterTests.initCode))
        let expected = EVMAddress.forCreate(sender: alice, nonce: 0)
        #expect(receipt.result.createdAddress == expected)
        #expect(state.nonce(alice) == 1)
        #expect(state.code(expected).count == 8)
        #expect(receipt.gasUsed > EVMRules.shanghai.intrinsicGas(input: InterpreterTests.initCode, isCreate: true))
    }
}
