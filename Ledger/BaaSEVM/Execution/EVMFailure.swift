/// Why an execution failed. Every failure consumes the message's gas (except those refused before
/// the code starts: depth, balance, nonce) and leaves state as it was before the message.
public enum EVMFailure: Equatable, Sendable, CustomStringConvertible {
    case outOfGas
    /// An undefined opcode, or `0xfe` (`INVALID`) on purpose.
    case invalidOpcode(UInt8)
    case stackUnderflow
    case stackOverflow
    /// `JUMP`/`JUMPI` to an offset that is not a `JUMPDEST` outside push data.
    case badJumpDestination
    /// A state change (`SSTORE`, `LOG`, `CREATE`, `SELFDESTRUCT`, value-carrying `CALL`) under `STATICCALL`.
    case staticStateChange
    /// `RETURNDATACOPY` beyond the return data.
    case returnDataOutOfBounds
    /// Deployed code larger than the rules allow (EIP-170: 24,576 bytes).
    case codeTooLarge
    /// Init code larger than the rules allow (EIP-3860: 49,152 bytes).
    case initCodeTooLarge
    /// Deployed code starting with 0xEF (EIP-3541).
    case invalidCodePrefix
    /// More than 1024 nested calls.
    case callDepthExceeded
    /// The sender cannot pay the value.
    case insufficientBalance
    /// The sender's nonce cannot be incremented.
    case nonceOverflow
    /// A creation targets an address that already has code or a nonce.
    case addressCollision
    /// A precompiled contract rejected its input.
    case precompileFailure

    public var description: String {
        switch self {
        case .outOfGas: return "out of gas"
        case .invalidOpcode(let op): return "invalid opcode 0x" + String(op, radix: 16)
        case .stackUnderflow: return "stack underflow"
        case .stackOverflow: return "stack overflow (more than 1024 items)"
        case .badJumpDestination: return "jump to an invalid destination"
        case .staticStateChange: return "state change inside a static call"
        case .returnDataOutOfBounds: return "return data read out of bounds"
        case .codeTooLarge: return "deployed code exceeds the size limit"
        case .initCodeTooLarge: return "init code exceeds the size limit"
        case .invalidCodePrefix: return "deployed code starts with 0xEF"
        case .callDepthExceeded: return "call depth exceeds 1024"
        case .insufficientBalance: return "insufficient balance for the value transfer"
        case .nonceOverflow: return "sender nonce overflow"
        case .addressCollision: return "contract address already in use"
        case .precompileFailure: return "precompiled contract rejected its input"
        }
    }
}
