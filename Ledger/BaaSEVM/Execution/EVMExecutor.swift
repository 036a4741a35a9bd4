/// Executes messages against a `WorldState`: the host that really runs nested calls and creations
/// (value transfer, precompiles, contract addresses, code deposit, snapshots and rollback).
///
/// One executor serves one transaction at a time on one thread. `transact(_:)` runs a whole
/// transaction (intrinsic gas, nonce, refund cap, end-of-transaction cleanup); `execute(_:)` only
/// its message. Signatures, nonce checks and fees stay with the ledger.
///
/// Typical use per block: `let state = WorldState(backend: committed)`, one executor with the
/// block's `EVMContext`, `transact` each transaction (setting `context.origin`), then persist
/// `state.takeChanges()` and keep each `EVMReceipt`.
public final class EVMExecutor: EVMHost {
    public let state: WorldState
    public let rules: EVMRules
    public var context: EVMContext
    public let analysisCache: CodeAnalysisCache
    private let blockHashes: @Sendable (UInt64) -> UInt256
    private let extraPrecompiles: [EVMAddress: Precompile]

    /// A precompiled contract: call data and gas in, a result (with gas left) out. It must not
    /// touch state and must be deterministic.
    public typealias Precompile = @Sendable (_ input: [UInt8], _ gas: Int64) -> EVMResult

    /// An executor over `state` following `rules`. `blockHashes` answers `BLOCKHASH` for the 256
    /// blocks before `context.number` (default: zero). `precompiles` adds contracts of the ledger's
    /// own (they take precedence over the built-in ones at the same address).
    public init(state: WorldState, rules: EVMRules = .shanghai, context: EVMContext = EVMContext(),
                analysisCache: CodeAnalysisCache = .shared, precompiles: [EVMAddress: Precompile] = [:],
                blockHashes: @escaping @Sendable (UInt64) -> UInt256 = { _ in .zero }) {
        self.state = state
        self.rules = rules
        self.context = context
        self.analysisCache = analysisCache
        self.blockHashes = blockHashes
        self.extraPrecompiles = precompiles
    }

    /// `BLOCKHASH`, answered by the closure given at creation.
    public func blockHash(number: UInt64) -> UInt256 { blockHashes(number) }

    /// Runs a transaction's top-level message (depth 0): warms the EIP-2929 addresses, then calls
    /// or creates. A failure or revert leaves state as it was, except that a creation still
    /// increments the sender's nonce. Logs of a successful message are in `state.logs`.
    public func execute(_ message: EVMMessage) -> EVMResult {
        if rules.accessLists {
            state.warmAccount(context.origin)
            state.warmAccount(message.sender)
            if !message.isCreate { state.warmAccount(message.recipient) }
            for precompile in 1...9 { state.warmAccount(EVMAddress(UInt256(UInt64(precompile)))) }
            for address in extraPrecompiles.keys { state.warmAccount(address) }
            if rules.warmCoinbase { state.warmAccount(context.coinbase) }
        }
        return call(message)
    }

    /// Runs a nested (or top-level) message: refuses depth > 1024 and unaffordable value with the
    /// gas returned, moves value, runs a precompile or the code, and rolls state back unless it succeeds.
    /// Messages nested deeper than a few levels run on helper threads with large stacks (see
    /// `LargeStack`); the caller's thread waits, so the executor is still used by one thread at a time.
    public func call(_ message: EVMMessage) -> EVMResult {
        guard message.depth <= 1024 else { return .failure(.callDepthExceeded, gasLeft: message.gas) }
        if LargeStack.isBoundary(message.depth) {
            return LargeStack.run { self.run(message) }
        }
        return run(message)
    }

    private func run(_ message: EVMMessage) -> EVMResult {
        if message.isCreate { return create(message) }
        let transfers = message.kind == .call || message.kind == .callCode
        if transfers && !message.value.isZero && state.balance(message.sender) < message.value {
            return .failure(.insufficientBalance, gasLeft: message.gas)
        }
        let snapshot = state.snapshot()
        if message.kind == .call {
            state.transfer(from: message.sender, to: message.recipient, value: message.value)
        }
        var result: EVMResult
        if let precompile = extraPrecompiles[message.codeAddress] ?? Precompiles.contract(at: message.codeAddress) {
            result = precompile(message.input, message.gas)
        } else {
            let code = state.code(message.codeAddress)
            let hash = code.isEmpty ? nil : state.codeHash(message.codeAddress)
            result = Interpreter.run(message: message, code: code, codeHash: hash, host: self)
        }
        if !result.isSuccess { state.revert(to: snapshot) }
        return result
    }

    private func create(_ message: EVMMessage) -> EVMResult {
        if let limit = rules.maxInitCodeSize, message.input.count > limit {
            return .failure(.initCodeTooLarge)
        }
        if state.balance(message.sender) < message.value {
            return .failure(.insufficientBalance, gasLeft: message.gas)
        }
        let nonce = state.nonce(message.sender)
        guard nonce < UInt64.max else { return .failure(.nonceOverflow, gasLeft: message.gas) }
        let address: EVMAddress
        switch message.kind {
        case .create2(let salt):
            address = .forCreate2(sender: message.sender, salt: salt, initCodeHash: Keccak256.hashWord(message.input))
        default:
            address = .forCreate(sender: message.sender, nonce: nonce)
        }
        state.setNonce(message.sender, nonce + 1)
        if rules.accessLists { state.warmAccount(address) }
        if state.nonce(address) != 0 || !state.code(address).isEmpty {
            return .failure(.addressCollision)
        }
        let snapshot = state.snapshot()
        state.createAccount(address, nonce: rules.emptyAccountCleanup ? 1 : 0)
        state.transfer(from: message.sender, to: address, value: message.value)
        var frame = message
        frame.recipient = address
        frame.codeAddress = address
        var result = Interpreter.run(message: frame, code: message.input, codeHash: nil, host: self)
        guard result.isSuccess else {
            state.revert(to: snapshot)
            return result
        }
        let code = result.output
        if let limit = rules.maxCodeSize, code.count > limit {
            state.revert(to: snapshot)
            return .failure(.codeTooLarge)
        }
        if rules.rejectsEFCode && code.first == 0xef {
            state.revert(to: snapshot)
            return .failure(.invalidCodePrefix)
        }
        let depositCost = 200 * Int64(code.count)
        guard result.gasLeft >= depositCost else {
            state.revert(to: snapshot)
            return .failure(.outOfGas)
        }
        result.gasLeft -= depositCost
        state.setCode(address, code)
        result.output = []
        result.createdAddress = address
        return result
    }
}

extension EVMResult {
    /// Gas a transaction with `limit` pays after the refund, capped at used / `rules.refundQuotient`.
    public func gasUsed(limit: Int64, rules: EVMRules) -> Int64 {
        let used = limit - gasLeft
        guard isSuccess else { return used }
        return used - Swift.min(Swift.max(gasRefund, 0), used / rules.refundQuotient)
    }
}
