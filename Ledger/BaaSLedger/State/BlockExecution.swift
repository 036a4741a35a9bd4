import BaaSCrypto

/// Runs transactions one by one over a read-through overlay of a `LedgerState`. A transaction's
/// writes are kept apart until it succeeds; a failed one keeps only its nonce increment (and the
/// recording of its sender's certificate).
struct BlockExecution {
    let state: LedgerState
    let environment: BlockEnvironment
    /// The block's writes so far (nil = deleted).
    private(set) var writes: [[UInt8]: [UInt8]?] = [:]
    var pending: [[UInt8]: [UInt8]?] = [:]
    /// The current transaction's contract outcome, when it is a `deploy` or `call`.
    var contractOutcome: ContractOutcome?
    /// Gas used by the block's contract transactions so far.
    var blockGasUsed: UInt64 = 0
    private(set) var parameters: ChainParameters
    private(set) var members: [Member]
    private let admins: Set<Address>

    init(state: LedgerState, environment: BlockEnvironment = BlockEnvironment()) {
        self.state = state
        self.environment = environment
        parameters = state.parameters
        members = state.members
        admins = Set(state.admins)
    }

    struct Failure: Error {
        let code: String
    }

    mutating func run(_ verified: VerifiedTransaction) -> Receipt {
        let tx = verified.transaction
        let sender = verified.sender
        var account = decodeAccount(read(StateKey.account(sender)))
        guard account.nonce == tx.nonce else {
            return Receipt(transactionHash: verified.hash, status: .failed, reason: "ledger.bad_nonce")
        }
        account.nonce += 1
        write(StateKey.account(sender), account.encoded())
        if case let .certificate(der) = tx.sender, read(StateKey.certificate(verified.senderFingerprint)) == nil {
            write(StateKey.certificate(verified.senderFingerprint), der)
        }
        commitPending()
        let savedParameters = parameters
        let savedMembers = members
        contractOutcome = nil
        do {
            let events = try perform(tx.payload, sender: sender)
            commitPending()
            return Receipt(transactionHash: verified.hash, status: .success, events: events, contract: contractOutcome)
        } catch let failure as Failure {
            pending = [:]
            parameters = savedParameters
            members = savedMembers
            return Receipt(transactionHash: verified.hash, status: .failed, reason: failure.code, contract: contractOutcome)
        } catch {
            preconditionFailure("unexpected error in execution: \(error)")
        }
    }

    private mutating func perform(_ payload: TransactionPayload, sender: Address) throws -> [ReceiptEvent] {
        if payload.requiresAdmin && !admins.contains(sender) { throw Failure(code: "ledger.not_admin") }
        switch payload {
        case let .transfer(to, amount):
            var from = decodeAccount(read(StateKey.account(sender)))
            guard from.balance >= amount else { throw Failure(code: "ledger.insufficient_funds") }
            if to != sender {
                from.balance -= amount
                var target = decodeAccount(read(StateKey.account(to)))
                let (sum, overflow) = target.balance.addingReportingOverflow(amount)
                guard !overflow else { throw Failure(code: "ledger.balance_overflow") }
                target.balance = sum
                write(StateKey.account(sender), from.encoded())
                write(StateKey.account(to), target.encoded())
            }
            return [ReceiptEvent("transfer", [("from", sender.description), ("to", to.description), ("amount", String(amount))])]
        case let .kvPut(key, value):
            guard !key.isEmpty else { throw Failure(code: "ledger.empty_key") }
            var owner = sender
            if let existing = read(StateKey.kv(key)).flatMap(LedgerState.decodeKV) {
                guard existing.owner == sender || admins.contains(sender) else { throw Failure(code: "ledger.not_owner") }
                owner = existing.owner
            }
            write(StateKey.kv(key), LedgerState.encodeKV(owner: owner, value: value))
            return [ReceiptEvent("kv_put", [("key", Hex.encode(key)), ("owner", owner.description)])]
        case let .kvDelete(key):
            guard let existing = read(StateKey.kv(key)).flatMap(LedgerState.decodeKV) else {
                throw Failure(code: "ledger.not_found")
            }
            guard existing.owner == sender || admins.contains(sender) else { throw Failure(code: "ledger.not_owner") }
            write(StateKey.kv(key), nil)
            return [ReceiptEvent("kv_delete", [("key", Hex.encode(key))])]
        case let .addMember(member):
            guard member.nodeID != 0 else { throw Failure(code: "ledger.invalid_member") }
            guard let certificate = try? Certificate(der: member.certificate),
                  let ca = read(StateKey.networkCA).flatMap({ try? Certificate(der: $0) }),
                  certificate.isSigned(by: ca.publicKey) else {
                throw Failure(code: "ledger.foreign_identity")
            }
            guard !members.contains(where: { $0.nodeID == member.nodeID }) else { throw Failure(code: "ledger.member_exists") }
            members.append(member)
            members.sort { $0.nodeID < $1.nodeID }
            write(StateKey.members, LedgerState.encodeMembers(members))
            return [ReceiptEvent("member_added", [("nodeId", String(member.nodeID)), ("role", member.role.rawValue)])]
        case let .removeMember(nodeID):
            guard let index = members.firstIndex(where: { $0.nodeID == nodeID }) else { throw Failure(code: "ledger.no_such_member") }
            members.remove(at: index)
            guard members.contains(where: { $0.role == .validator }) else { throw Failure(code: "ledger.last_validator") }
            write(StateKey.members, LedgerState.encodeMembers(members))
            return [ReceiptEvent("member_removed", [("nodeId", String(nodeID))])]
        case let .changeRole(nodeID, role):
            guard let index = members.firstIndex(where: { $0.nodeID == nodeID }) else { throw Failure(code: "ledger.no_such_member") }
            members[index].role = role
            guard members.contains(where: { $0.role == .validator }) else { throw Failure(code: "ledger.last_validator") }
            write(StateKey.members, LedgerState.encodeMembers(members))
            return [ReceiptEvent("role_changed", [("nodeId", String(nodeID)), ("role", role.rawValue)])]
        case let .setParameter(name, value):
            var changed = parameters
            changed[name] = value
            guard changed.problems().isEmpty else { throw Failure(code: "ledger.invalid_parameter") }
            parameters = changed
            write(StateKey.parameters, LedgerState.encodeParameters(changed))
            return [ReceiptEvent("parameter_set", [("name", name.rawValue), ("value", String(value))])]
        case .deploy, .call:
            return try performContract(payload, sender: sender)
        }
    }

    func read(_ key: [UInt8]) -> [UInt8]? {
        if let value = pending[key] { return value }
        if let value = writes[key] { return value }
        return state.entries[key]
    }

    mutating func write(_ key: [UInt8], _ value: [UInt8]?) {
        pending[key] = .some(value)
    }

    private mutating func commitPending() {
        for (key, value) in pending { writes[key] = .some(value) }
        pending = [:]
    }

    func decodeAccount(_ bytes: [UInt8]?) -> Account {
        bytes.flatMap { try? Account(decoding: $0) } ?? Account()
    }
}
