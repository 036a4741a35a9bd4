/// `host.revoked`: why the controller no longer accepts this host.
public struct Revocation: Codable, Sendable, Equatable {
    public var hostID: String
    public var reason: String

    public init(hostID: String, reason: String) {
        self.hostID = hostID
        self.reason = reason
    }
}
