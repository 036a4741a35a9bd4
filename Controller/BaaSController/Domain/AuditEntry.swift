import Foundation

/// One line of the append-only, hash-chained audit log (R5.9).
///
/// `hash` = SHA-256(`previousHash` ‖ `canonicalEncoding`); the first entry's `previousHash` is 32
/// zero bytes. Changing, removing or reordering any stored entry breaks the chain at that entry.
public struct AuditEntry: Sendable, Equatable {
    /// 1, 2, 3 … with no gaps.
    public var sequence: Int64
    /// Milliseconds since 1970, so the time hashes the same after a round trip through storage.
    public var timeMilliseconds: Int64
    public var actorID: String
    public var actorName: String
    public var tenantID: String?
    /// What was done: `user.create`, `session.login`, `network.delete` …
    public var action: String
    /// What it was done to: an id or a name.
    public var target: String
    /// The operation's parameters, secrets already replaced by `[redacted]`.
    public var parameters: [String: String]
    /// `ok`, or the error code of the failure.
    public var outcome: String
    public var sourceAddress: String
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public init(sequence: Int64, timeMilliseconds: Int64, actorID: String, actorName: String, tenantID: String?,
                action: String, target: String, parameters: [String: String], outcome: String,
                sourceAddress: String, previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.timeMilliseconds = timeMilliseconds
        self.actorID = actorID
        self.actorName = actorName
        self.tenantID = tenantID
        self.action = action
        self.target = target
        self.parameters = parameters
        self.outcome = outcome
        self.sourceAddress = sourceAddress
        self.previousHash = previousHash
        self.hash = hash
    }

    public var time: Date { Date(timeIntervalSince1970: Double(timeMilliseconds) / 1000) }

    /// The bytes the hash covers besides the previous hash: every field but the hashes, each as a
    /// 4-byte big-endian length and its UTF-8, parameters sorted by key.
    public var canonicalEncoding: [UInt8] {
        var out: [UInt8] = []
        func field(_ text: String) {
            let bytes = Array(text.utf8)
            let count = UInt32(bytes.count)
            out += [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
            out += bytes
        }
        field("baas-audit-v1")
        field(String(sequence))
        field(String(timeMilliseconds))
        field(actorID)
        field(actorName)
        field(tenantID ?? "")
        field(action)
        field(target)
        field(String(parameters.count))
        for key in parameters.keys.sorted() {
            field(key)
            field(parameters[key] ?? "")
        }
        field(outcome)
        field(sourceAddress)
        return out
    }

    /// What clients may see of an entry.
    public var view: AuditEntryView {
        AuditEntryView(sequence: sequence, time: time, actorID: actorID, actorName: actorName, tenantID: tenantID,
                       action: action, target: target, parameters: parameters, outcome: outcome,
                       sourceAddress: sourceAddress, previousHash: hex(previousHash), hash: hex(hash))
    }
}

/// The JSON shape of an audit entry.
public struct AuditEntryView: Sendable, Codable, Equatable {
    public var sequence: Int64
    public var time: Date
    public var actorID: String
    public var actorName: String
    public var tenantID: String?
    public var action: String
    public var target: String
    public var parameters: [String: String]
    public var outcome: String
    public var sourceAddress: String
    public var previousHash: String
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case sequence, time, action, target, parameters, outcome, hash
        case actorID = "actor_id"
        case actorName = "actor_name"
        case tenantID = "tenant_id"
        case sourceAddress = "source_address"
        case previousHash = "previous_hash"
    }
}
