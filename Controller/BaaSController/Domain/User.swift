import Foundation

/// A person who logs in to the platform. Platform admins have no tenant.
///
/// Holds secrets (password hash, TOTP seed): never serialise a `User` to a client; use
/// `UserView` for that.
public struct User: Sendable, Equatable {
    public var id: String
    public var tenantID: String?
    /// Unique across the platform: the login name.
    public var username: String
    public var displayName: String
    public var email: String
    public var role: Role
    /// The scrypt hash in `PasswordHashing`'s encoding.
    public var passwordHash: String
    /// The TOTP seed once enrolment is confirmed.
    public var totpSecret: [UInt8]?
    /// A seed handed out by enrolment and not yet confirmed with a code.
    public var pendingTOTPSecret: [UInt8]?
    /// The last TOTP time step accepted, so a code cannot be used twice.
    public var lastTOTPStep: Int64?
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date
    public var passwordChangedAt: Date

    public init(id: String, tenantID: String?, username: String, displayName: String, email: String,
                role: Role, passwordHash: String, totpSecret: [UInt8]? = nil,
                pendingTOTPSecret: [UInt8]? = nil, lastTOTPStep: Int64? = nil, failedLogins: Int = 0,
                lockedUntil: Date? = nil, createdAt: Date, passwordChangedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.pendingTOTPSecret = pendingTOTPSecret
        self.lastTOTPStep = lastTOTPStep
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt
    }

    /// Whether logins and step-up need a TOTP code.
    public var totpEnabled: Bool { totpSecret != nil }

    /// What clients may see of a user.
    public var view: UserView {
        UserView(id: id, tenantID: tenantID, username: username, displayName: displayName, email: email,
                 role: role, totpEnabled: totpEnabled, createdAt: createdAt)
    }
}

/// The public face of a `User`: no password hash, no TOTP seed.
public struct UserView: Sendable, Codable, Equatable {
    public var id: String
    public var tenantID: String?
    public var username: String
    public var displayName: String
    public var email: String
    public var role: Role
    public var totpEnabled: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, username, email, role
        case tenantID = "tenant_id"
        case displayName = "display_name"
        case totpEnabled = "totp_enabled"
        case createdAt = "created_at"
    }
}
