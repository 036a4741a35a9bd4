/// What a service wants recorded about one operation; `AuditLog` turns it into a chained entry.
public struct AuditRecord: Sendable, Equatable {
    public var actorID: String
    public var actorName: String
    public var tenantID: String?
    public var action: String
    public var target: String
    public var parameters: [String: String]
    /// `ok` or the error code.
    public var outcome: String
    public var sourceAddress: String

    public init(actorID: String, actorName: String, tenantID: String?, action: String, target: String,
                parameters: [String: String] = [:], outcome: String = "ok", sourceAddress: String) {
        self.actorID = actorID
        self.actorName = actorName
        self.tenantID = tenantID
        self.action = action
        self.target = target
        self.parameters = parameters
        self.outcome = outcome
        self.sourceAddress = sourceAddress
    }

    /// A record of `action` by `principal`, in the principal's tenant until the operation knows the
    /// target's.
    public init(_ principal: Principal, action: String, target: String, parameters: [String: String] = [:]) {
        self.init(actorID: principal.userID, actorName: principal.username, tenantID: principal.tenantID,
                  action: action, target: target, parameters: parameters, sourceAddress: principal.sourceAddress)
    }
}
