extension EVMRules {
    /// Gas a transaction pays before its code runs: 21,000, plus 32,000 for a creation, 16 per
    /// non-zero and 4 per zero byte of data, and (EIP-3860) 2 per word of init code.
    public func intrinsicGas(input: [UInt8], isCreate: Bool) -> Int64 {
        var gas: Int64 = 21_000
        for byte in input { gas += byte == 0 ? 4 : (revision >= .istanbul ? 16 : 68) }
        if isCreate {
            gas += 32_000
            if maxInitCodeSize != nil { gas += 2 * Int64((input.count + 31) / 32) }
        }
        return gas
    }
}

extension EVMExecutor {
    /// Runs `message` as a whole transaction: starts a transaction on the state, increments the
    /// sender's nonce (a creation does so itself), charges intrinsic gas, executes, applies the
    /// capped refund and ends the transaction (self-destructs and EIP-161 cleanup).
    ///
    /// `message.gas` is the transaction's gas limit. The caller still checks signatures, nonces and
    /// fees, and sets `context.origin` to the sender. A failed or reverted transaction keeps only
    /// the nonce increment.
    public func transact(_ message: EVMMessage) -> EVMReceipt {
        state.beginTransaction()
        let intrinsic = rules.intrinsicGas(input: message.input, isCreate: message.isCreate)
        guard message.gas >= intrinsic else {
            state.endTransaction(deleteEmptyTouched: rules.emptyAccountCleanup)
            return EVMReceipt(result: .failure(.outOfGas), gasUsed: message.gas, logs: [])
        }
        if !message.isCreate {
            let nonce = state.nonce(message.sender)
            if nonce < UInt64.max { state.setNonce(message.sender, nonce + 1) }
        }
        var executed = message
        executed.gas -= intrinsic
        let result = execute(executed)
        let gasUsed = result.gasUsed(limit: message.gas, rules: rules)
        let logs = state.endTransaction(deleteEmptyTouched: rules.emptyAccountCleanup)
        return EVMReceipt(result: result, gasUsed: gasUsed, logs: result.isSuccess ? logs : [])
    }
}
