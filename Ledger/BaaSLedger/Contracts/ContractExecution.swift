import BaaSEVM

/// Runs `deploy` and `call` payloads through BaaSEVM (Shanghai rules) over the ledger's state
/// entries, and turns the EVM's account changes back into entries.
///
/// Gas: a transaction names its gas limit, at most the chain's `maxTransactionGas` and what is left
/// of the block's `maxBlockGas`; gas is metered as on Ethereum but nothing is paid for it (a
/// permissioned chain has no fees), so it only bounds the work a transaction may cause. The native asset is the EVM's value (`CALLVALUE`, `BALANCE`);
/// balances stay within 64 bits.
///
/// Nonces: the ledger consumes the sender's nonce before the payload runs, whatever the outcome;
/// a deployment's address derives from the nonce the transaction carried
/// (`Address.forDeployment(sender:nonce:)`). Contract accounts keep their own EVM nonces.
///
/// State: a contract account's `Account.codeHash` is Keccak-256 of its code; the code is stored
/// once per hash under `StateKey.contractCode` (kept when a contract self-destructs), each
/// non-zero storage slot under `StateKey.contractStorage`, so the state root covers both.
public enum ContractExecution {
    /// The gas of read-only calls unless they name less.
    public static let readOnlyCallGas: UInt64 = 30_000_000
    /// The EVM rules contracts run under.
    public static let rules = EVMRules.shanghai

    /// One transaction's result: the receipt part, the failure code (nil on success) and, on
    /// success, the entries to write (nil deletes).
    struct Run {
        var outcome: ContractOutcome
        var failure: String?
        var writes: [([UInt8], [UInt8]?)] = []
    }

    /// Executes `payload` (`deploy` or `call`) for `sender` whose transaction carried `nonce`.
    ///
    /// `read` answers state entries as they stand before the transaction; `slotKeys` lists the
    /// storage entry keys of an address (only needed when a contract's storage is wiped).
    static func run(_ payload: TransactionPayload, sender: Address, nonce: UInt64, block: BlockEnvironment,
                    maxGas: UInt64, blockGasLeft: UInt64, read: @escaping ([UInt8]) -> [UInt8]?, slotKeys: (Address) -> [[UInt8]]) -> Run {
        let message: EVMMessage
        let gasLimit: UInt64
        switch payload {
        case let .deploy(code, value, limit):
            gasLimit = limit
            message = EVMMessage(kind: .create, gas: Int64(clamping: limit), recipient: .zero, sender: sender.evm,
                                 value: UInt256(value), input: code)
        case let .call(contract, input, value, limit):
            gasLimit = limit
            message = EVMMessage(kind: .call, gas: Int64(clamping: limit), recipient: contract.evm, sender: sender.evm,
                                 value: UInt256(value), input: input)
        default:
            preconditionFailure("not a contract payload: \(payload.kindName)")
        }
        guard gasLimit <= maxGas else {
            return Run(outcome: ContractOutcome(gasUsed: 0, detail: "gas limit \(gasLimit) above the chain's \(maxGas)"),
                       failure: "contract.gas_limit_too_high")
        }
        guard gasLimit <= blockGasLeft else {
            return Run(outcome: ContractOutcome(gasUsed: 0, detail: "gas limit \(gasLimit) above the \(blockGasLeft) left in the block"),
                       failure: "contract.block_gas_exhausted")
        }
        let world = WorldState(backend: LedgerStateBackend(read: read))
        let executor = EVMExecutor(state: world, rules: rules, context: context(origin: sender, block: block))
        world.beginTransaction()
        let intrinsic = rules.intrinsicGas(input: message.input, isCreate: message.isCreate)
        guard message.gas >= intrinsic else {
            return Run(outcome: ContractOutcome(gasUsed: gasLimit, detail: "gas limit below the intrinsic gas \(intrinsic)"),
                       failure: "contract.out_of_gas")
        }
        if message.isCreate { world.setNonce(sender.evm, nonce) }
        var executed = message
        executed.gas -= intrinsic
        let result = executor.execute(executed)
        let gasUsed = UInt64(result.gasUsed(limit: message.gas, rules: rules))
        let logs = world.endTransaction(deleteEmptyTouched: rules.emptyAccountCleanup)
        switch result.status {
        case .revert:
            return Run(outcome: ContractOutcome(gasUsed: gasUsed, output: result.output, detail: revertDetail(result.output)),
                       failure: "contract.reverted")
        case .failure(let failure):
            return Run(outcome: ContractOutcome(gasUsed: gasUsed, detail: failure.description), failure: code(of: failure))
        case .success:
            var outcome = ContractOutcome(gasUsed: gasUsed, contractAddress: result.createdAddress.map(Address.init),
                                          output: result.output,
                                          logs: logs.map { ContractLog(address: Address($0.address), topics: $0.topics.map(\.bigEndianBytes), data: $0.data) })
            guard let writes = entries(of: world, read: read, slotKeys: slotKeys) else {
                outcome.logs = []
                outcome.contractAddress = nil
                outcome.detail = "a balance would exceed 2^64 - 1"
                return Run(outcome: outcome, failure: "contract.balance_overflow")
            }
            return Run(outcome: outcome, failure: nil, writes: writes)
        }
    }

    /// Runs `input` against `contract` as a static call on the entries `read` answers, changing
    /// nothing (any state change fails with `contract.failed`).
    static func call(contract: Address, input: [UInt8], from sender: Address, gasLimit: UInt64, block: BlockEnvironment,
                     read: @escaping ([UInt8]) -> [UInt8]?) -> ContractCallResult {
        let world = WorldState(backend: LedgerStateBackend(read: read))
        let executor = EVMExecutor(state: world, rules: rules, context: context(origin: sender, block: block))
        world.beginTransaction()
        let gas = Int64(clamping: min(gasLimit, readOnlyCallGas))
        let message = EVMMessage(kind: .staticCall, isStatic: true, gas: gas, recipient: contract.evm,
                                 sender: sender.evm, input: input)
        let result = executor.execute(message)
        let gasUsed = UInt64(gas - result.gasLeft)
        switch result.status {
        case .success:
            return ContractCallResult(reason: nil, output: result.output, gasUsed: gasUsed, detail: "")
        case .revert:
            return ContractCallResult(reason: "contract.reverted", output: result.output, gasUsed: gasUsed,
                                      detail: revertDetail(result.output))
        case .failure(let failure):
            return ContractCallResult(reason: code(of: failure), output: [], gasUsed: gasUsed, detail: failure.description)
        }
    }

    private static func context(origin: Address, block: BlockEnvironment) -> EVMContext {
        EVMContext(origin: origin.evm, number: block.height, timestamp: block.timestampMilliseconds / 1000,
                   gasLimit: readOnlyCallGas)
    }

    static func revertDetail(_ output: [UInt8]) -> String {
        if let reason = ABI.revertReason(output) { return reason }
        return output.isEmpty ? "reverted without a reason" : "reverted with \(output.count) bytes of data"
    }

    static func code(of failure: EVMFailure) -> String {
        switch failure {
        case .outOfGas: "contract.out_of_gas"
        case .invalidOpcode: "contract.invalid_opcode"
        case .stackUnderflow: "contract.stack_underflow"
        case .stackOverflow: "contract.stack_overflow"
        case .badJumpDestination: "contract.bad_jump"
        case .codeTooLarge: "contract.code_too_large"
        case .initCodeTooLarge: "contract.init_code_too_large"
        case .insufficientBalance: "contract.insufficient_funds"
        default: "contract.failed"
        }
    }

    /// The entries the EVM's changes amount to; nil when a balance leaves 64 bits.
    private static func entries(of world: WorldState, read: ([UInt8]) -> [UInt8]?,
                                slotKeys: (Address) -> [[UInt8]]) -> [([UInt8], [UInt8]?)]? {
        var writes: [([UInt8], [UInt8]?)] = []
        for change in world.changes() {
            let address = Address(change.address)
            let key = StateKey.account(address)
            let existing = read(key).flatMap { try? Account(decoding: $0) }
            let hadCode = existing.map { !$0.codeHash.isEmpty } ?? false
            guard let evmAccount = change.account else {
                if existing != nil { writes.append((key, nil)) }
                if hadCode { slotKeys(address).forEach { writes.append(($0, nil)) } }
                continue
            }
            guard evmAccount.balance <= UInt256(UInt64.max) else { return nil }
            let codeHash = evmAccount.code.isEmpty ? [] : world.codeHash(change.address).bigEndianBytes
            if !codeHash.isEmpty && codeHash != existing?.codeHash && read(StateKey.contractCode(codeHash)) == nil {
                writes.append((StateKey.contractCode(codeHash), evmAccount.code))
            }
            let account = Account(balance: evmAccount.balance.w0, nonce: evmAccount.nonce, codeHash: codeHash)
            if account != existing { writes.append((key, account.encoded())) }
            if change.storageCleared && hadCode {
                for slotKey in slotKeys(address) {
                    let slot = UInt256(bigEndian: slotKey.suffix(32))
                    if change.storage[slot] == nil { writes.append((slotKey, nil)) }
                }
            }
            for (slot, value) in change.storage {
                writes.append((StateKey.contractStorage(address, slot: slot.bigEndianBytes),
                               value.isZero ? nil : value.minimalBigEndianBytes))
            }
        }
        return writes
    }
}
