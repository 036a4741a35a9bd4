/// Where a `WorldState` reads accounts it has not seen yet: the ledger's committed state.
///
/// Called synchronously from the interpreter's thread while a transaction runs, at most once per
/// account and once per storage slot per `WorldState`; implementations must not call back into it.
public protocol StateBackend: AnyObject {
    /// The committed account, or nil if it does not exist.
    func account(_ address: EVMAddress) -> EVMAccount?
    /// The committed value of a storage slot (zero if never written).
    func storage(_ address: EVMAddress, key: UInt256) -> UInt256
}
