import Foundation

/// A long-lived credential for scripts: scoped, expiring, revocable; stored as a SHA-256 hash.
///
/// It acts as its owner, narrowed to `scopes`. It never counts as a second factor.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var tenantID: String?
    public var name: String
    public var scopes: [TokenScope]
    /// SHA-256 of the bearer secret, lower-case hex.
    public var secretHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: String, tenantID: String?, name: String, scopes: [TokenScope],
                secretHash: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.tenantID = tenantID
        self.name = name
        self.scopes = scopes
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// What clients may see of a token: never the secret or its hash.
    public var view: APITokenView {
        APITokenView(id: id, userID: userID, tenantID: tenantID, name: name,
                     scopes: scopes.map(\.description), createdAt: createdAt, expiresAt: expiresAt,
                     revokedAt: revokedAt)
    }
}

/// The public face of an `APIToken`.
public struct APITokenView: Sendable, Codable, Equatable {
    public var id: String
    public var userID: String
    public var tenantID: String?
    public var name: String
    public var scopes: [String]
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, scopes
        case userID = "user_id"
        case tenantID = "tenant_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }
}
