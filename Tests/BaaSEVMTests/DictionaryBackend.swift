import BaaSEVM

/// Committed state as a ledger would hold it, counting reads.
final class DictionaryBackend: StateBackend {
    var accounts: [EVMAddress: EVMAccount] = [:]
    var slots: [EVMAddress: [UInt256: UInt256]] = [:]
    var accountReads = 0
    var storageReads = 0

    func account(_ address: EVMAddress) -> EVMAccount? {
        accountReads += 1
        return accounts[address]
    }

    func storage(_ address: EVMAddress, key: UInt256) -> UInt256 {
        storageReads += 1
        return slots[address]?[key] ?? .zero
    }
}
