import BaaSEVM

extension LedgerStore {
    /// Runs `input` (selector and ABI-encoded arguments) against `contract` as a static call on the
    /// committed state, as `from` would: no transaction, nothing written (what a node's API serves
    /// for reads such as `balanceOf`). Blocks commits while it runs; `gasLimit` bounds the work.
    public func call(contract: Address, input: [UInt8], from: Address = .zero,
                     gasLimit: UInt64 = ContractExecution.readOnlyCallGas) -> ContractCallResult {
        lock.withLock { _ in
            let entries = state.entries
            let block = BlockEnvironment(height: headHeader.height, timestampMilliseconds: headHeader.timestampMilliseconds)
            return ContractExecution.call(contract: contract, input: input, from: from, gasLimit: gasLimit, block: block,
                                          read: { entries[$0] })
        }
    }

    /// Calls `function` (e.g. `"balanceOf(address)"`) read-only with `arguments` and decodes its
    /// return values as `returns` (e.g. `"(uint256)"`).
    ///
    /// - Throws: `EVMError` for a bad signature or undecodable output; `ledger.contract_call`
    ///   when the call fails or reverts (the message carries the reason).
    public func call(contract: Address, function: String, _ arguments: [ABIValue] = [], returns: String,
                     from: Address = .zero) throws -> [ABIValue] {
        let abi = try ABIFunction(function, returns: returns)
        let result = call(contract: contract, input: try abi.encodeCall(arguments), from: from)
        guard result.succeeded else {
            throw LedgerError("ledger.contract_call",
                              "the call of \(abi.signature) on \(contract) failed (\(result.reason ?? "")): \(result.detail); check the contract address and arguments")
        }
        return try abi.decodeOutput(result.output)
    }

    /// The code of the contract at `address` (empty when there is none).
    public func code(at address: Address) -> [UInt8] {
        lock.withLock { _ in
            let account = state.account(address)
            guard !account.codeHash.isEmpty else { return [] }
            return state.entries[StateKey.contractCode(account.codeHash)] ?? []
        }
    }

    /// The value of storage slot `slot` of the contract at `address` (zero when never written).
    public func storage(at address: Address, slot: UInt256) -> UInt256 {
        lock.withLock { _ in
            state.entries[StateKey.contractStorage(address, slot: slot.bigEndianBytes)].map { UInt256(bigEndian: $0) } ?? .zero
        }
    }
}
