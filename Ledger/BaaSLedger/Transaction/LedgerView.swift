/// What admission needs to read of the committed ledger: account nonces, certificates the chain
/// has recorded, and the parameters in force. `LedgerStore` is one; the reads must be thread-safe.
public protocol LedgerView: AnyObject, Sendable {
    /// The nonce the account's next transaction must carry.
    func nonce(of address: Address) -> UInt64
    /// The nonces of `addresses`, in order.
    func nonces(of addresses: [Address]) -> [UInt64]
    /// The DER certificate recorded under `fingerprint` (the chain hash of the DER), if any.
    func certificate(fingerprint: [UInt8]) -> [UInt8]?
    /// The chain parameters in force (admission reads `maxTransactionBytes`).
    var parameters: ChainParameters { get }
}

extension LedgerView {
    /// The nonces of `addresses`, in order (a store answers all under one lock).
    public func nonces(of addresses: [Address]) -> [UInt64] { addresses.map { nonce(of: $0) } }
}
