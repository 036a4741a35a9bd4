/// What a transaction run by `EVMExecutor.transact` leaves for its block's receipt.
public struct EVMReceipt: Sendable {
    /// The top-level message's outcome (status, output or revert data, created address).
    public var result: EVMResult
    /// Intrinsic plus execution gas, after the capped refund.
    public var gasUsed: Int64
    /// Logs of a successful transaction (empty otherwise).
    public var logs: [EVMLog]

    /// A receipt from its parts.
    public init(result: EVMResult, gasUsed: Int64, logs: [EVMLog]) {
        self.result = result
        self.gasUsed = gasUsed
        self.logs = logs
    }
}
