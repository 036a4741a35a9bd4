/// What an API token may do, on top of its owner's role: `resource:action`, where either side may
/// be `*` (`network:read`, `*:read`, `*`).
public struct TokenScope: Sendable, Hashable, CustomStringConvertible {
    /// `nil` matches every resource.
    public var resource: Resource?
    /// `nil` matches every action.
    public var action: Action?

    public init(resource: Resource?, action: Action?) {
        self.resource = resource
        self.action = action
    }

    /// Everything the owner may do.
    public static let all = TokenScope(resource: nil, action: nil)

    /// Parses `resource:action`, `resource:*`, `*:action` or `*`.
    ///
    /// - Throws: `ControllerError` `controller.invalid_scope` (422) naming the accepted words.
    public init(parsing text: String) throws {
        if text == "*" {
            self = .all
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw Self.invalid(text) }
        let resource: Resource?
        if parts[0] == "*" {
            resource = nil
        } else if let known = Resource(rawValue: parts[0]) {
            resource = known
        } else {
            throw Self.invalid(text)
        }
        let action: Action?
        if parts[1] == "*" {
            action = nil
        } else if let known = Action(rawValue: parts[1]) {
            action = known
        } else {
            throw Self.invalid(text)
        }
        self.init(resource: resource, action: action)
    }

    /// Whether this scope covers `permission`.
    public func covers(_ permission: Permission) -> Bool {
        (resource == nil || resource == permission.resource) && (action == nil || action == permission.action)
    }

    public var description: String {
        if resource == nil && action == nil { return "*" }
        return "\(resource?.rawValue ?? "*"):\(action?.rawValue ?? "*")"
    }

    private static func invalid(_ text: String) -> ControllerError {
        let resources = Resource.allCases.map(\.rawValue).joined(separator: ", ")
        let actions = Action.allCases.map(\.rawValue).joined(separator: ", ")
        return .invalid("invalid_scope", "Scope '\(text)' is not 'resource:action' or '*'; resources: \(resources); actions: \(actions); either side may be '*'.")
    }
}
