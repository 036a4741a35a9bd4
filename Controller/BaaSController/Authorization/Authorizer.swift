import Foundation

/// The one place where the controller decides who may do what.
///
/// A decision runs four checks in order:
/// 1. Tenant scope: a principal of tenant A asking for an object of tenant B (or of the platform)
///    gets `notFound`, never `forbidden`, so the existence of other tenants' objects does not leak.
/// 2. Role: the permission table (`Authorizer.allows`), or the self rule (anyone may read and update
///    their own profile and manage their own API tokens).
/// 3. Token scope: a principal authenticated by an API token is narrowed to the token's scopes.
/// 4. Step-up: critical operations (`Authorizer.critical`) need a session whose second factor was
///    proved within `stepUpWindow`; API tokens never qualify.
///
/// Thread-safe: a value holding only a clock.
public struct Authorizer: Sendable {
    /// How long a proved second factor counts as fresh for critical operations.
    public var stepUpWindow: TimeInterval
    public let clock: any WallClock

    public init(clock: any WallClock, stepUpWindow: TimeInterval = 300) {
        self.clock = clock
        self.stepUpWindow = stepUpWindow
    }

    /// Operations that need a fresh second factor (R7.2).
    public static let critical: Set<Permission> = [
        Permission(.tenant, .delete),
        Permission(.host, .delete),
        Permission(.network, .delete),
        Permission(.node, .delete),
        Permission(.node, .migrate),
        Permission(.certificateAuthority, .rotate),
        Permission(.user, .delete),
        Permission(.user, .changeRole),
    ]

    /// What a principal may always do to objects it owns (its own user record, its own tokens).
    public static let selfPermissions: Set<Permission> = [
        Permission(.user, .read),
        Permission(.user, .update),
        Permission(.token, .read),
        Permission(.token, .create),
        Permission(.token, .delete),
    ]

    private static let infrastructure: [Resource] = [.host, .network, .node, .contract, .transaction]

    /// The permission table: role × resource → actions, inside the principal's own tenant.
    public static let table: [Role: [Resource: Set<Action>]] = {
        let every = Set(Action.allCases)
        var table: [Role: [Resource: Set<Action>]] = [:]
        table[.platformAdmin] = Dictionary(uniqueKeysWithValues: Resource.allCases.map { ($0, every) })

        var owner: [Resource: Set<Action>] = [
            .tenant: [.read, .update],
            .user: [.read, .create, .update, .delete, .changeRole],
            .token: [.read, .create, .delete],
            .audit: [.read],
            .certificateAuthority: [.read, .create, .update, .rotate],
        ]
        for resource in infrastructure { owner[resource] = [.read, .create, .update, .delete, .operate, .migrate] }
        table[.tenantOwner] = owner

        var admin = owner
        admin[.tenant] = [.read]
        table[.tenantAdmin] = admin

        var operatorTable: [Resource: Set<Action>] = [
            .tenant: [.read],
            .user: [.read],
            .certificateAuthority: [.read],
        ]
        for resource in infrastructure { operatorTable[resource] = [.read, .create, .update, .operate, .migrate] }
        table[.operator] = operatorTable

        table[.auditor] = Dictionary(uniqueKeysWithValues: Resource.allCases.map { ($0, [.read]) })

        var viewer = Dictionary(uniqueKeysWithValues: Resource.allCases.map { ($0, Set<Action>([.read])) })
        viewer[.audit] = []
        viewer[.token] = []
        table[.viewer] = viewer
        return table
    }()

    /// Whether `role` may do `action` on `resource` inside its own tenant (the table alone).
    public static func allows(_ role: Role, _ action: Action, on resource: Resource) -> Bool {
        table[role]?[resource]?.contains(action) ?? false
    }

    /// Checks that `principal` may do `action` on an object of `resource` that belongs to
    /// `tenantID` (`nil`: a platform-level object such as a platform admin) and, where it has one,
    /// to the user `ownerID`.
    ///
    /// - Throws: `ControllerError` `notFound` (404) across tenants, `forbidden` (403) for a missing
    ///   role permission or token scope, `step_up_required` / `second_factor_not_enrolled` (403)
    ///   for a critical operation without a fresh second factor.
    public func authorize(_ principal: Principal, _ action: Action, _ resource: Resource,
                          tenantID: String?, ownerID: String? = nil) throws {
        let permission = Permission(resource, action)
        if principal.role != .platformAdmin {
            guard let tenantID, tenantID == principal.tenantID else { throw ControllerError.notFound(resource.noun) }
        }
        let ownsIt = ownerID != nil && ownerID == principal.userID && Self.selfPermissions.contains(permission)
        guard ownsIt || Self.allows(principal.role, action, on: resource) else {
            throw ControllerError.forbidden("forbidden", "Your role '\(principal.role.rawValue)' may not \(action.rawValue) \(resource.pluralNoun); ask a tenant owner or admin.")
        }
        try checkScope(principal, permission)
        if Self.critical.contains(permission) {
            try requireFreshSecondFactor(principal)
        }
    }

    /// Checks a platform-level operation (create a tenant, list every tenant): only platform admins.
    ///
    /// - Throws: `ControllerError` `forbidden` (403).
    public func authorizePlatform(_ principal: Principal, _ action: Action, _ resource: Resource) throws {
        guard principal.role == .platformAdmin else {
            throw ControllerError.forbidden("forbidden", "Only a platform admin may \(action.rawValue) \(resource.pluralNoun) across the platform.")
        }
        let permission = Permission(resource, action)
        try checkScope(principal, permission)
        if Self.critical.contains(permission) {
            try requireFreshSecondFactor(principal)
        }
    }

    /// Checks that `principal` proved a second factor within `stepUpWindow`.
    ///
    /// - Throws: `ControllerError` `second_factor_not_enrolled` when the user has no TOTP,
    ///   `step_up_required` when the proof is missing or stale or the credential is an API token.
    public func requireFreshSecondFactor(_ principal: Principal) throws {
        switch principal.credential {
        case .system:
            return
        case .token:
            throw ControllerError.forbidden("step_up_required", "Critical operations cannot be confirmed with an API token; log in with your password and TOTP code and retry.")
        case .session(_, let secondFactorAt):
            guard principal.totpEnabled else {
                throw ControllerError.forbidden("second_factor_not_enrolled", "This is a critical operation and needs a second factor; enrol TOTP first (POST /v1/users/me/totp).")
            }
            guard let secondFactorAt, clock.now().timeIntervalSince(secondFactorAt) <= stepUpWindow else {
                let minutes = Int(stepUpWindow / 60)
                throw ControllerError.forbidden("step_up_required", "This is a critical operation; confirm it with a current TOTP code (POST /v1/sessions/current/step-up) — a confirmation counts for \(minutes) minutes.")
            }
        }
    }

    private func checkScope(_ principal: Principal, _ permission: Permission) throws {
        guard case .token(_, let scopes) = principal.credential else { return }
        guard scopes.contains(where: { $0.covers(permission) }) else {
            throw ControllerError.forbidden("token_scope", "This API token's scopes do not include '\(permission)'; create a token with that scope.")
        }
    }
}

extension Resource {
    /// The word used in messages.
    var noun: String {
        switch self {
        case .certificateAuthority: return "certificate authority"
        case .token: return "API token"
        case .audit: return "audit entry"
        default: return rawValue
        }
    }

    var pluralNoun: String {
        self == .certificateAuthority ? "certificate authorities" : noun + "s"
    }
}
