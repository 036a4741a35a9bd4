/// What a user may do. `platformAdmin` belongs to no tenant; every other role belongs to one.
///
/// Roles are ordered by `rank`: a user may only grant roles at or below their own rank and may only
/// manage users ranked at or below themselves (an admin cannot demote the owner).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Runs the platform: every tenant, every resource.
    case platformAdmin = "platform_admin"
    /// Owns a tenant: everything inside it, including its owners and admins.
    case tenantOwner = "tenant_owner"
    /// Manages a tenant's users and resources, but not its owners.
    case tenantAdmin = "tenant_admin"
    /// Runs hosts, networks and nodes; cannot manage users or read the audit log.
    case `operator` = "operator"
    /// Reads everything in the tenant, including the audit log; changes nothing.
    case auditor = "auditor"
    /// Reads the tenant's resources; no audit log, no tokens of others.
    case viewer = "viewer"

    /// Higher ranks may manage lower ones.
    public var rank: Int {
        switch self {
        case .platformAdmin: return 100
        case .tenantOwner: return 50
        case .tenantAdmin: return 40
        case .operator: return 30
        case .auditor: return 20
        case .viewer: return 10
        }
    }

    /// Whether a user with this role belongs to a tenant.
    public var isTenantRole: Bool { self != .platformAdmin }
}
