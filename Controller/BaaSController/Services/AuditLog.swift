import Foundation

/// The append-only, hash-chained audit log (R5.9): every platform operation, who did it, to what,
/// with which parameters (secrets removed), how it ended, when and from where.
///
/// Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical encoding
/// (`AuditEntry.canonicalEncoding`), so changing, removing or reordering a stored entry is found by
/// `verify`. What a chain cannot show is the loss of its newest entries; ship entries elsewhere
/// for that.
///
/// Thread-safe; every call blocks on the store.
public struct AuditLog: Sendable {
    /// The `previousHash` of the first entry.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// Parameter names containing one of these (any case) have their value replaced.
    public static let secretMarkers = ["password", "secret", "token", "totp", "code", "key", "pin", "passphrase", "credential"]

    let store: any ControllerStore
    let crypto: any ControllerCryptography
    let clock: any WallClock
    let authorizer: Authorizer

    public init(store: any ControllerStore, crypto: any ControllerCryptography, clock: any WallClock,
                authorizer: Authorizer) {
        self.store = store
        self.crypto = crypto
        self.clock = clock
        self.authorizer = authorizer
    }

    /// `parameters` with the value of every secret-looking name replaced by `[redacted]`.
    public static func redact(_ parameters: [String: String]) -> [String: String] {
        var out = parameters
        for key in parameters.keys {
            let lowered = key.lowercased()
            if secretMarkers.contains(where: { lowered.contains($0) }) { out[key] = "[redacted]" }
        }
        return out
    }

    /// Appends `record` as the next entry inside `transaction`, so it commits or rolls back with
    /// the operation it describes.
    @discardableResult
    public func append(_ record: AuditRecord, in transaction: any ControllerTransaction) throws -> AuditEntry {
        let last = try transaction.lastAuditEntry()
        let milliseconds = Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down))
        var entry = AuditEntry(sequence: (last?.sequence ?? 0) + 1, timeMilliseconds: milliseconds,
                               actorID: record.actorID, actorName: record.actorName, tenantID: record.tenantID,
                               action: record.action, target: record.target,
                               parameters: Self.redact(record.parameters), outcome: record.outcome,
                               sourceAddress: record.sourceAddress, previousHash: last?.hash ?? Self.genesisHash,
                               hash: [])
        entry.hash = chainHash(of: entry)
        try transaction.appendAudit(entry)
        return entry
    }

    /// Appends `record` in a transaction of its own: for failures, whose operation rolled back.
    @discardableResult
    public func append(_ record: AuditRecord) throws -> AuditEntry {
        try store.transaction { try append(record, in: $0) }
    }

    /// The hash `entry` must carry given its `previousHash`.
    public func chainHash(of entry: AuditEntry) -> [UInt8] {
        crypto.sha256(entry.previousHash + entry.canonicalEncoding)
    }

    /// Entries `principal` may read, oldest first. Tenant users see their own tenant's entries only,
    /// whatever `filter.tenantID` says; platform admins see everything.
    ///
    /// - Throws: `ControllerError` `forbidden` without `audit:read`; `invalid_cursor` (400).
    public func entries(by principal: Principal, filter: AuditFilter, page: PageRequest) throws -> Page<AuditEntry> {
        var filter = filter
        if principal.role == .platformAdmin {
            try authorizer.authorizePlatform(principal, .read, .audit)
        } else {
            try authorizer.authorize(principal, .read, .audit, tenantID: principal.tenantID)
            filter.tenantID = principal.tenantID
        }
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let value = Int64(cursor), value >= 0 else {
                throw ControllerError.badRequest("invalid_cursor", "The cursor '\(cursor)' is not one this API returned; start again without it.")
            }
            after = value
        }
        let items = try store.transaction { try $0.auditEntries(matching: filter, after: after, limit: page.limit + 1) }
        let pageItems = Array(items.prefix(page.limit))
        return Page(items: pageItems, nextCursor: items.count > page.limit ? pageItems.last.map { String($0.sequence) } : nil)
    }

    /// Checks the whole chain and reports the first entry whose link is broken.
    ///
    /// - Throws: `ControllerError` `forbidden` without `audit:read`.
    public func verify(by principal: Principal) throws -> AuditVerification {
        if principal.role == .platformAdmin {
            try authorizer.authorizePlatform(principal, .read, .audit)
        } else {
            try authorizer.authorize(principal, .read, .audit, tenantID: principal.tenantID)
        }
        return try verify()
    }

    /// Checks the whole chain in one read transaction, without an authorization check.
    public func verify() throws -> AuditVerification {
        try store.transaction { transaction in
            var previous: AuditEntry?
            var checked = 0
            while true {
                let batch = try transaction.auditEntries(matching: AuditFilter(), after: previous?.sequence ?? 0, limit: 1000)
                if batch.isEmpty { break }
                for entry in batch {
                    let expectedSequence = (previous?.sequence ?? 0) + 1
                    let expectedPrevious = previous?.hash ?? Self.genesisHash
                    if entry.sequence != expectedSequence {
                        return AuditVerification(valid: false, entriesChecked: checked, firstBrokenSequence: expectedSequence,
                                                 reason: "entry \(expectedSequence) is missing (found \(entry.sequence) next)")
                    }
                    if entry.previousHash != expectedPrevious {
                        return AuditVerification(valid: false, entriesChecked: checked, firstBrokenSequence: entry.sequence,
                                                 reason: "entry \(entry.sequence) does not point to the hash of entry \(entry.sequence - 1)")
                    }
                    if entry.hash != chainHash(of: entry) {
                        return AuditVerification(valid: false, entriesChecked: checked, firstBrokenSequence: entry.sequence,
                                                 reason: "entry \(entry.sequence) was changed after it was written")
                    }
                    checked += 1
                    previous = entry
                }
            }
            return AuditVerification(valid: true, entriesChecked: checked, firstBrokenSequence: nil, reason: nil)
        }
    }
}
