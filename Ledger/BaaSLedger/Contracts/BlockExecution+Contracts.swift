extension BlockExecution {
    /// Runs a `deploy` or `call` through `ContractExecution`, keeping its outcome for the receipt.
    mutating func performContract(_ payload: TransactionPayload, sender: Address) throws -> [ReceiptEvent] {
        // `run` has consumed the nonce already: the transaction carried the one before.
        let nonce = decodeAccount(read(StateKey.account(sender))).nonce - 1
        let view = self
        let run = ContractExecution.run(payload, sender: sender, nonce: nonce, block: environment,
                                        maxGas: parameters.maxTransactionGas,
                                        blockGasLeft: parameters.maxBlockGas - min(blockGasUsed, parameters.maxBlockGas),
                                        read: { view.read($0) }, slotKeys: { view.storageKeys(of: $0) })
        contractOutcome = run.outcome
        blockGasUsed += run.outcome.gasUsed
        if let failure = run.failure { throw Failure(code: failure) }
        for (key, value) in run.writes { write(key, value) }
        if let created = run.outcome.contractAddress {
            return [ReceiptEvent("contract_deployed", [("address", created.description), ("gasUsed", String(run.outcome.gasUsed))])]
        }
        guard case let .call(contract, _, _, _) = payload else { return [] }
        return [ReceiptEvent("contract_called", [("contract", contract.description), ("gasUsed", String(run.outcome.gasUsed))])]
    }

    /// Keys of `address`'s storage entries as they stand in this block (a scan of the whole state;
    /// needed only when a contract's storage is wiped).
    func storageKeys(of address: Address) -> [[UInt8]] {
        let prefix = StateKey.contractStorage(address, slot: [])
        var keys = Set(state.entries.keys.filter { $0.starts(with: prefix) })
        for (key, value) in writes where key.starts(with: prefix) {
            if value == nil { keys.remove(key) } else { keys.insert(key) }
        }
        for (key, value) in pending where key.starts(with: prefix) {
            if value == nil { keys.remove(key) } else { keys.insert(key) }
        }
        return keys.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
