/// What one end of a channel offers and how it keeps time.
///
/// Both ends should use the same heartbeat interval; the silence timeout must be a few
/// intervals so one late heartbeat does not drop a healthy connection.
public struct ChannelConfiguration: Sendable {
    /// Protocol versions this program speaks.
    public static let supportedVersions: ClosedRange<UInt16> = 1...1

    /// Who this end is; `versions` is the range it offers (initiator) or accepts (acceptor).
    public var hello: ChannelHello
    /// A heartbeat goes out when nothing else was sent for this long.
    public var heartbeatInterval: Duration
    /// The peer is declared dead when nothing arrived for this long (also bounds the handshake).
    public var peerSilenceTimeout: Duration
    /// Default time a request waits for its response.
    public var requestTimeout: Duration
    /// Largest frame payload sent or accepted.
    public var maxPayloadSize: Int

    public init(hello: ChannelHello,
                heartbeatInterval: Duration = .seconds(10),
                peerSilenceTimeout: Duration? = nil,
                requestTimeout: Duration = .seconds(30),
                maxPayloadSize: Int = Frame.defaultMaxPayloadSize) {
        self.hello = hello
        self.heartbeatInterval = heartbeatInterval
        self.peerSilenceTimeout = peerSilenceTimeout ?? heartbeatInterval * 3
        self.requestTimeout = requestTimeout
        self.maxPayloadSize = maxPayloadSize
    }
}
