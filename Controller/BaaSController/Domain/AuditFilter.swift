import Foundation

/// Which audit entries to return; every field narrows the result.
public struct AuditFilter: Sendable, Equatable {
    public var tenantID: String?
    public var actorID: String?
    public var action: String?
    public var target: String?
    public var outcome: String?
    public var since: Date?
    public var until: Date?

    public init(tenantID: String? = nil, actorID: String? = nil, action: String? = nil, target: String? = nil,
                outcome: String? = nil, since: Date? = nil, until: Date? = nil) {
        self.tenantID = tenantID
        self.actorID = actorID
        self.action = action
        self.target = target
        self.outcome = outcome
        self.since = since
        self.until = until
    }

    /// Whether `entry` passes the filter.
    public func matches(_ entry: AuditEntry) -> Bool {
        if let tenantID, entry.tenantID != tenantID { return false }
        if let actorID, entry.actorID != actorID { return false }
        if let action, entry.action != action { return false }
        if let target, entry.target != target { return false }
        if let outcome, entry.outcome != outcome { return false }
        if let since, entry.time < since { return false }
        if let until, entry.time > until { return false }
        return true
    }
}
