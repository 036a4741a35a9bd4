/// An account as persistent storage holds it (its storage slots are read separately).
public struct EVMAccount: Equatable, Sendable {
    public var balance: UInt256
    public var nonce: UInt64
    public var code: [UInt8]

    /// An account; all fields default to empty.
    public init(balance: UInt256 = .zero, nonce: UInt64 = 0, code: [UInt8] = []) {
        self.balance = balance
        self.nonce = nonce
        self.code = code
    }

    /// EIP-161 emptiness: no balance, no nonce, no code.
    public var isEmpty: Bool { balance.isZero && nonce == 0 && code.isEmpty }
}
