/// The keys of the ledger's state, each encoded as a one-byte namespace tag and the key's bytes.
/// The encoding is what the state root hashes and what the store's `state` table holds.
enum StateKey {
    /// `Account` of an address.
    static func account(_ address: Address) -> [UInt8] { [1] + address.bytes }
    /// Notarised value: owner address (20 bytes) then the value.
    static func kv(_ key: [UInt8]) -> [UInt8] { [2] + key }
    /// All members, one entry (membership is small and read as a whole).
    static let members: [UInt8] = [3]
    /// All chain parameters, one entry.
    static let parameters: [UInt8] = [4]
    /// All admin addresses, one entry.
    static let admins: [UInt8] = [5]
    /// A sender certificate (DER) by its chain-hash fingerprint.
    static func certificate(_ fingerprint: [UInt8]) -> [UInt8] { [6] + fingerprint }
    /// The network CA certificate (DER) from the genesis, which new members' certificates must
    /// chain to.
    static let networkCA: [UInt8] = [9]
    /// Reserved for contract code by code hash.
    static func contractCode(_ codeHash: [UInt8]) -> [UInt8] { [7] + codeHash }
    /// Reserved for a contract's storage slot.
    static func contractStorage(_ address: Address, slot: [UInt8]) -> [UInt8] { [8] + address.bytes + slot }
}
