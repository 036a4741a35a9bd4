import BaaSEVM

/// The answer of a read-only contract call (`LedgerStore.call`): nothing is written, no
/// transaction is made.
public struct ContractCallResult: Sendable, Hashable {
    /// Nil on success; otherwise a failure code as listed on `ContractOutcome` (a state change
    /// attempted by the code gives `contract.failed`).
    public var reason: String?
    /// Return data, or revert data.
    public var output: [UInt8]
    /// Gas the call used.
    public var gasUsed: UInt64
    /// The decoded revert message or the EVM failure; empty on success.
    public var detail: String

    /// A result from its parts.
    public init(reason: String?, output: [UInt8], gasUsed: UInt64, detail: String) {
        self.reason = reason
        self.output = output
        self.gasUsed = gasUsed
        self.detail = detail
    }

    /// True when the call returned normally.
    public var succeeded: Bool { reason == nil }
}
