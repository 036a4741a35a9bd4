/// Runs EVM bytecode for one message (one call frame). Nested messages go back to the host.
///
/// The hot loop does not allocate: the stack is one preallocated block of 1024 words, memory a
/// byte array grown in 32-byte words, jump destinations come from the host's analysis cache.
///
/// Hosts other than `EVMExecutor` call `run` from their `call(_:)` to execute code.
public enum Interpreter {
    /// Executes `code` for `message`. For creations `code` is the init code and the frame sees no
    /// call data. `codeHash` (nil for init code) keys the jump-destination cache. State changes go
    /// to `host.state`; the caller reverts them on failure or revert. Runs on the calling thread.
    public static func run<Host: EVMHost>(message: EVMMessage, code: [UInt8], codeHash: UInt256?, host: Host) -> EVMResult {
        if code.isEmpty { return EVMResult(status: .success, gasLeft: message.gas) }
        let jumps = codeHash.map { host.analysisCache.jumpDestinations(code: code, hash: $0) }
            ?? JumpDestinations(code: code)
        var frame = Frame(host: host, message: message, code: code, jumps: jumps)
        defer { frame.stack.deallocate() }
        return frame.execute()
    }
}
