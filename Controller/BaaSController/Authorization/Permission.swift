/// The kinds of things a permission is about. Later issues add to this list; every new case needs
/// a row in `Authorizer.table`.
public enum Resource: String, Sendable, Codable, CaseIterable {
    case tenant
    case user
    case token
    case audit
    case host
    case network
    case node
    case contract
    case transaction
    case certificateAuthority = "ca"
}

/// What is done to a resource.
public enum Action: String, Sendable, Codable, CaseIterable {
    case read
    case create
    case update
    case delete
    /// Start, stop, submit: run something without changing its definition.
    case operate
    /// Move a node to another host.
    case migrate
    /// Replace key material (a CA).
    case rotate
    /// Change a user's role.
    case changeRole = "change_role"
}

/// One cell of the permission table: an action on a resource.
public struct Permission: Sendable, Hashable, CustomStringConvertible {
    public var resource: Resource
    public var action: Action

    public init(_ resource: Resource, _ action: Action) {
        self.resource = resource
        self.action = action
    }

    public var description: String { "\(resource.rawValue):\(action.rawValue)" }
}
