/// The result of executing a block's transactions against a state, not yet applied: receipts,
/// the entries to write (nil = delete), and the roots the state and receipts will have.
///
/// Made by `LedgerState.execute`; applied with `LedgerState.apply` (and persisted by
/// `LedgerStore.commit`) only on the state it was computed from.
public struct StateChanges: Sendable {
    /// One receipt per transaction, in block order.
    public let receipts: [Receipt]
    /// The state root after the block.
    public let stateRoot: [UInt8]
    /// The Merkle root over the receipts' encodings.
    public let receiptsRoot: [UInt8]
    /// The root of the state these changes were computed from.
    public let baseRoot: [UInt8]
    /// Written entries by encoded state key, sorted by key; nil deletes.
    let writes: [([UInt8], [UInt8]?)]
    /// The bucket digests that change.
    let bucketDigests: [Int: [UInt8]]
    /// Chain parameters after the block.
    public let parameters: ChainParameters
    /// Members after the block.
    public let members: [Member]
}
