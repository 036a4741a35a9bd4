/// One message call or contract creation: what a transaction starts and `CALL`/`CREATE` nest.
public struct EVMMessage: Sendable {
    /// How the message was started; it decides whose storage and balance the code acts on.
    public enum Kind: Equatable, Sendable {
        case call
        /// Runs `codeAddress`'s code on the caller's own account, moving no value (deprecated).
        case callCode
        /// Runs `codeAddress`'s code in the caller's context, keeping its caller and value.
        case delegateCall
        /// A call that may not change state (`isStatic` is set for it and everything it calls).
        case staticCall
        case create
        case create2(salt: UInt256)
    }

    public var kind: Kind
    /// True inside a `STATICCALL`: state changes fail with `.staticStateChange`.
    public var isStatic: Bool
    /// Nesting depth; a transaction's message has depth 0, the host refuses depth > 1024.
    public var depth: Int
    public var gas: Int64
    /// The account the code runs as (`ADDRESS`). Ignored for creations: the host computes it.
    public var recipient: EVMAddress
    /// `CALLER`.
    public var sender: EVMAddress
    /// `CALLVALUE`; moved from sender to recipient for `.call` and creations.
    public var value: UInt256
    /// Call data, or the init code for creations.
    public var input: [UInt8]
    /// Whose code runs: the recipient for `.call`/`.staticCall`, the callee for `.delegateCall`/`.callCode`.
    public var codeAddress: EVMAddress

    /// A message; `codeAddress` defaults to `recipient`.
    public init(kind: Kind, isStatic: Bool = false, depth: Int = 0, gas: Int64, recipient: EVMAddress,
                sender: EVMAddress, value: UInt256 = .zero, input: [UInt8] = [], codeAddress: EVMAddress? = nil) {
        self.kind = kind
        self.isStatic = isStatic
        self.depth = depth
        self.gas = gas
        self.recipient = recipient
        self.sender = sender
        self.value = value
        self.input = input
        self.codeAddress = codeAddress ?? recipient
    }

    /// True for `.create` and `.create2`.
    public var isCreate: Bool {
        switch kind {
        case .create, .create2: return true
        default: return false
        }
    }
}
