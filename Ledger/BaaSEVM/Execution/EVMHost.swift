/// What the interpreter needs from its surroundings besides its own frame: the world state, the
/// rules, the block environment, and the hook that runs nested messages.
///
/// `EVMExecutor` is the real host (it executes calls and creations); the VM test host records them
/// instead. Hosts are used from one thread at a time.
public protocol EVMHost: AnyObject {
    var state: WorldState { get }
    var rules: EVMRules { get }
    var context: EVMContext { get }
    /// Jump-destination analyses, shared across frames and transactions.
    var analysisCache: CodeAnalysisCache { get }
    /// `BLOCKHASH` for a block the interpreter has checked to be one of the 256 before the current one.
    func blockHash(number: UInt64) -> UInt256
    /// Runs a nested message (`CALL`…, `CREATE`…) whose gas the caller has already set aside.
    /// The returned `gasLeft` goes back to the caller.
    func call(_ message: EVMMessage) -> EVMResult
}
