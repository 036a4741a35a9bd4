/// The outcome of one transaction in a block.
///
/// A failed transaction still consumed its nonce (it was validly signed and ordered), so its
/// sender's next transaction carries the next nonce; only its effect is void. The exception is
/// `ledger.bad_nonce`, which changes nothing at all.
public struct Receipt: Sendable, Hashable {
    public enum Status: UInt8, Sendable {
        case success = 1
        case failed = 2
    }

    /// The transaction's id.
    public var transactionHash: [UInt8]
    public var status: Status
    /// Empty on success; when failed, one of: `ledger.bad_nonce` (not the sender's next nonce; the
    /// nonce is not consumed), `ledger.insufficient_funds`, `ledger.balance_overflow`,
    /// `ledger.empty_key`, `ledger.not_found`, `ledger.not_owner` (a key another address wrote),
    /// `ledger.not_admin`, `ledger.invalid_member`, `ledger.foreign_identity` (a new member's
    /// certificate not issued by the network CA), `ledger.member_exists`, `ledger.no_such_member`,
    /// `ledger.last_validator` (the change would leave no validator), `ledger.invalid_parameter`.
    public var reason: String
    /// What the transaction did, for explorers and subscribers.
    public var events: [ReceiptEvent]
    /// For `deploy` and `call` transactions (that passed the nonce check): gas used, logs, the new
    /// contract's address, return or revert data. Failure codes are listed on `ContractOutcome`.
    public var contract: ContractOutcome?

    public init(transactionHash: [UInt8], status: Status, reason: String = "", events: [ReceiptEvent] = [],
                contract: ContractOutcome? = nil) {
        self.transactionHash = transactionHash
        self.status = status
        self.reason = reason
        self.events = events
        self.contract = contract
    }

    /// Canonical encoding (what the receipts root covers).
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 64)
        w.byteString(transactionHash)
        w.u8(status.rawValue)
        w.string(reason)
        w.varint(UInt64(events.count))
        for event in events {
            w.string(event.name)
            w.varint(UInt64(event.attributes.count))
            for (key, value) in event.attributes {
                w.string(key)
                w.string(value)
            }
        }
        // Appended only when present, so receipts of other kinds keep their encoding.
        if let contract {
            w.u8(1)
            contract.encode(to: &w)
        }
        return w.bytes
    }

    /// Decodes `encoded()` output; throws `ledger.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        transactionHash = try r.byteString(limit: 64)
        guard let status = Status(rawValue: try r.u8()) else { throw LedgerError.malformed("receipt status") }
        self.status = status
        reason = try r.string(limit: 256)
        events = []
        for _ in 0..<(try r.length(limit: 1024)) {
            let name = try r.string(limit: 256)
            var attributes: [(String, String)] = []
            for _ in 0..<(try r.length(limit: 1024)) {
                attributes.append((try r.string(limit: 256), try r.string(limit: 1 << 20)))
            }
            events.append(ReceiptEvent(name, attributes))
        }
        contract = nil
        if r.remaining > 0 {
            guard try r.u8() == 1 else { throw LedgerError.malformed("receipt contract section") }
            contract = try ContractOutcome(from: &r)
        }
        try r.finish()
    }
}

/// A named event with ordered attributes, e.g. `transfer {from, to, amount}`.
public struct ReceiptEvent: Sendable, Hashable {
    public var name: String
    public var attributes: [(String, String)]

    public init(_ name: String, _ attributes: [(String, String)]) {
        self.name = name
        self.attributes = attributes
    }

    /// The value of attribute `key`, if present.
    public subscript(key: String) -> String? { attributes.first { $0.0 == key }?.1 }

    public static func == (a: ReceiptEvent, b: ReceiptEvent) -> Bool {
        a.name == b.name && a.attributes.elementsEqual(b.attributes) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for (key, value) in attributes {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
