import BaaSEVM

/// Presents ledger state entries to a `WorldState`: an account's balance and nonce from its
/// `Account` entry, its code from the code entry its `codeHash` names, storage slots from their
/// own entries (32-byte big-endian slot key; value big-endian without leading zeros; zero slots
/// are absent).
final class LedgerStateBackend: StateBackend {
    private let read: ([UInt8]) -> [UInt8]?

    /// A backend reading entries through `read` (encoded state key to value; nil when absent).
    init(read: @escaping ([UInt8]) -> [UInt8]?) {
        self.read = read
    }

    func account(_ address: EVMAddress) -> EVMAccount? {
        guard let bytes = read(StateKey.account(Address(address))), let account = try? Account(decoding: bytes) else {
            return nil
        }
        let code = account.codeHash.isEmpty ? [] : (read(StateKey.contractCode(account.codeHash)) ?? [])
        return EVMAccount(balance: UInt256(account.balance), nonce: account.nonce, code: code)
    }

    func storage(_ address: EVMAddress, key: UInt256) -> UInt256 {
        read(StateKey.contractStorage(Address(address), slot: key.bigEndianBytes)).map { UInt256(bigEndian: $0) } ?? .zero
    }
}
