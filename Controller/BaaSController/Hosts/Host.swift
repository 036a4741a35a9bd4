import BaaSAgent
import Foundation

/// An enrolled machine running the agent, as the controller stores it.
public struct Host: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tenantID: String?
    public var labels: [String: String]
    public var facts: HostFacts
    public var certificateSerial: String
    public var certificateExpiresAt: Date
    public var enrolledAt: Date
    public var lastSeenAt: Date?
    public var revokedAt: Date?
    public var desired: DesiredState

    public var isRevoked: Bool { revokedAt != nil }
}
