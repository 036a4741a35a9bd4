import Testing
import BaaSEVM

@Suite struct WorldStateTests {
    let alice = address("0xa11ce")
    let contract = address("0xc0de")

    @Test func readsFallThroughToTheBackendOnce() {
        let backend = DictionaryBackend()
        backend.accounts[alice] = EVMAccount(balance: UInt256(5), nonce: 3)
        backend.slots[alice] = [UInt256(1): UInt256(9)]
        let state = WorldState(backend: backend)
        for _ in 0..<3 {
            #expect(state.balance(alice) == UInt256(5))
            #expect(state.nonce(alice) == 3)
            #expect(state.storage(alice, key: UInt256(1)) == UInt256(9))
        }
        #expect(backend.accountReads == 1)
        #expect(backend.storageReads == 1)
        #expect(!state.exists(contract))
    }

    @Test func revertToSnapshotUndoesEveryKindOfChange() {
        let backend = DictionaryBackend()
        backend.accounts[alice] = EVMAccount(balance: UInt256(100))
        let state = WorldState(backend: backend)
        let snapshot = state.snapshot()
        state.setBalance(alice, UInt256(1))
        state.setNonce(alice, 7)
        state.setCode(contract, [0x00])
        state.setStorage(contract, key: .one, value: UInt256(2))
        state.addLog(EVMLog(address: contract, topics: [], data: []))
        state.markSelfDestructed(alice)
        state.revert(to: snapshot)

        #expect(state.balance(alice) == UInt256(100))
        #expect(state.nonce(alice) == 0)
        #expect(!state.exists(contract))
        #expect(state.storage(contract, key: .one) == .zero)
        #expect(state.logs.isEmpty)
        #expect(state.selfDestructed.isEmpty)
    }

    @Test func originalValueIsTheOneAtTransactionStart() {
        let state = WorldState()
        state.setStorage(contract, key: .one, value: UInt256(5))
        state.beginTransaction()
        state.setStorage(contract, key: .one, value: UInt256(6))
        state.setStorage(contract, key: .one, value: UInt256(7))
        #expect(state.originalStorage(contract, key: .one) == UInt256(5))
        state.beginTransaction()
        #expect(state.originalStorage(contract, key: .one) == UInt256(7))
    }

    @Test func changesListAccountsSlotsAndDeletions() {
        let backend = DictionaryBackend()
        backend.accounts[contract] = EVMAccount(balance: UInt256(1), code: [0x00])
        let state = WorldState(backend: backend)
        state.setBalance(alice, UInt256(10))
        state.setStorage(alice, key: .one, value: UInt256(2))
        state.markSelfDestructed(contract)
        state.endTransaction()

        let changes = state.changes()
        #expect(changes.map(\.address) == [alice, contract].sorted())
        let aliceChange = changes.first { $0.address == alice }
        #expect(aliceChange?.account == EVMAccount(balance: UInt256(10)))
        #expect(aliceChange?.storage == [UInt256.one: UInt256(2)])
        let contractChange = changes.first { $0.address == contract }
        #expect(contractChange?.account == nil)
        #expect(contractChange?.storageCleared == true)
    }

    @Test func emptyAccountsTouchedInATransactionAreDeleted() {
        let state = WorldState()
        state.transfer(from: alice, to: contract, value: .zero)
        #expect(state.exists(contract))
        state.endTransaction()
        #expect(!state.exists(contract))
    }
}

@Suite struct WorldStateChangeTrackingTests {
    @Test func takeChangesStartsTrackingAfresh() {
        let state = WorldState()
        let alice = address("0xa11ce"), bob = address("0xb0b")
        state.setNonce(alice, 1)
        state.setStorage(alice, key: .one, value: UInt256(2))
        state.endTransaction()
        #expect(state.takeChanges().map(\.address) == [alice])
        #expect(state.takeChanges().isEmpty)
        state.setBalance(bob, UInt256(3))
        state.endTransaction()
        #expect(state.takeChanges().map(\.address) == [bob])
        #expect(state.storage(alice, key: .one) == UInt256(2))
    }
}
