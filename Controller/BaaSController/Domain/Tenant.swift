import Foundation

/// An organisation using the platform; owns users, tokens and (later) hosts and networks.
public struct Tenant: Sendable, Codable, Equatable {
    public var id: String
    /// Unique, lower-case, used in URLs and logs: `[a-z0-9-]{2,40}`.
    public var name: String
    public var displayName: String
    public var createdAt: Date

    public init(id: String, name: String, displayName: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case displayName = "display_name"
        case createdAt = "created_at"
    }
}
