/// The outcome of a message: success, revert (with data) or failure (with a reason).
public struct EVMResult: Sendable {
    /// How the message ended.
    public enum Status: Equatable, Sendable {
        case success
        /// `REVERT`: state rolled back, unused gas returned, `output` holds the revert data.
        case revert
        case failure(EVMFailure)
    }

    public var status: Status
    /// Gas not used (zero after a failure).
    public var gasLeft: Int64
    /// Refund counter accumulated by this message and its successful children (not yet capped).
    public var gasRefund: Int64
    /// Return data, or revert data; empty for a successful creation.
    public var output: [UInt8]
    /// The new contract's address after a successful creation.
    public var createdAddress: EVMAddress?

    /// A result from its parts.
    public init(status: Status, gasLeft: Int64, gasRefund: Int64 = 0, output: [UInt8] = [],
                createdAddress: EVMAddress? = nil) {
        self.status = status
        self.gasLeft = gasLeft
        self.gasRefund = gasRefund
        self.output = output
        self.createdAddress = createdAddress
    }

    static func failure(_ reason: EVMFailure, gasLeft: Int64 = 0) -> EVMResult {
        EVMResult(status: .failure(reason), gasLeft: gasLeft)
    }

    public var isSuccess: Bool { status == .success }

    /// The failure reason, if any.
    public var failure: EVMFailure? {
        if case .failure(let reason) = status { return reason }
        return nil
    }
}
