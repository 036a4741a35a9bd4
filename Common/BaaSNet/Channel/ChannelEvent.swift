/// Something a `ChannelSession` reports to its owner after input or a tick.
public enum ChannelEvent: Sendable, Equatable {
    /// The handshake finished: `peer.versions` holds the one version both ends use.
    case established(peer: ChannelHello)
    /// The peer asks something; answer with `ChannelSession.respond(to:status:body:now:)`.
    case request(id: UInt64, method: String, body: [UInt8])
    /// The answer to one of this end's requests.
    case response(id: UInt64, method: String, status: UInt16, body: [UInt8])
    /// One of this end's requests will get no answer: it timed out (`net.channel_request_timeout`)
    /// or the channel closed (`net.channel_closed`).
    case requestFailed(id: UInt64, method: String, error: NetError)
    /// A one-way notification from the peer.
    case event(name: String, body: [UInt8])
    /// The channel is over: nil after a normal goodbye from either end, else why it failed.
    /// Flush `takeOutbound()` (it may hold a goodbye) and close the connection.
    case closed(NetError?)
}
