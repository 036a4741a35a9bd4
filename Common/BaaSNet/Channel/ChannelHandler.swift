/// What an application does with a channel: answers the peer's requests and reacts to its events.
///
/// - Note: `established`, `event` and `closed` are called on the transport's event-loop thread and
///   must not block; start a task for slow work. `request` runs in its own task, so it may await.
public protocol ChannelHandler: Sendable {
    /// The handshake finished; `connection.peer` tells who is on the other end.
    func established(_ connection: ChannelConnection)
    /// Answers one request from the peer.
    func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse
    /// A one-way notification from the peer.
    func event(name: String, body: [UInt8], on connection: ChannelConnection)
    /// The channel is over: `error` is nil after a normal goodbye.
    func closed(_ connection: ChannelConnection, error: NetError?)
}

extension ChannelHandler {
    public func established(_ connection: ChannelConnection) {}
    public func request(method: String, body: [UInt8], on connection: ChannelConnection) async -> ChannelResponse {
        ChannelResponse(status: 404, body: Array("unknown method \(method)".utf8))
    }
    public func event(name: String, body: [UInt8], on connection: ChannelConnection) {}
    public func closed(_ connection: ChannelConnection, error: NetError?) {}
}
