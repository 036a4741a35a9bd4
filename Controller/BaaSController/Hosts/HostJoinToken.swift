import Foundation

/// A stored join token: only the SHA-256 of its secret is kept; it is used at most once.
public struct HostJoinToken: Sendable, Equatable {
    public var id: String
    public var tenantID: String?
    public var secretHash: String
    public var labels: [String: String]
    public var createdBy: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var hostID: String?
}
