import Foundation

/// A login: the bearer secret is shown once to the client; only its SHA-256 is kept.
public struct Session: Sendable, Equatable {
    public var id: String
    public var userID: String
    /// SHA-256 of the bearer secret, lower-case hex.
    public var secretHash: String
    public var createdAt: Date
    public var expiresAt: Date
    /// When the user last proved a second factor in this session (login or step-up), if ever.
    public var secondFactorAt: Date?
    public var revokedAt: Date?
    public var sourceAddress: String

    public init(id: String, userID: String, secretHash: String, createdAt: Date, expiresAt: Date,
                secondFactorAt: Date?, revokedAt: Date? = nil, sourceAddress: String) {
        self.id = id
        self.userID = userID
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.secondFactorAt = secondFactorAt
        self.revokedAt = revokedAt
        self.sourceAddress = sourceAddress
    }
}
