/// What one end says about itself when a channel opens.
///
/// The initiator offers a range of protocol versions; the acceptor answers with the one it chose
/// (a range of exactly that version). `identity` is informational (a host or controller id): the
/// authenticated identity is the peer's TLS certificate.
public struct ChannelHello: Sendable, Hashable {
    public var versions: ClosedRange<UInt16>
    public var role: ChannelRole
    public var identity: String
    /// Optional capabilities, such as `"relay"`; unknown ones are ignored by the other end.
    public var features: [String]

    public init(versions: ClosedRange<UInt16>, role: ChannelRole, identity: String, features: [String] = []) {
        self.versions = versions
        self.role = role
        self.identity = identity
        self.features = features
    }
}
