/// One message of the agent<->controller channel; each travels in one frame (see `Frame`).
///
/// Both ends may send requests, responses and events once the channel is open. Request ids are
/// chosen by the sender of the request and are unique among its own pending requests; a response
/// carries the id of the request it answers. Statuses follow HTTP (200 ok, 400 bad request,
/// 404 unknown method, 500 failure, 503 unavailable). The binary encoding is documented in
/// `ChannelMessage+Wire.swift`.
public enum ChannelMessage: Sendable, Hashable {
    /// First message of the initiator: the versions it speaks and who it is.
    case hello(ChannelHello)
    /// The acceptor's answer: `versions` holds the one version chosen.
    case helloAck(ChannelHello)
    case request(id: UInt64, method: String, body: [UInt8])
    case response(id: UInt64, status: UInt16, body: [UInt8])
    /// A one-way notification, such as a metrics sample or a node state change.
    case event(name: String, body: [UInt8])
    /// Keeps an idle connection alive and proves the sender is.
    case heartbeat
    /// The sender is closing. An empty `code` is a normal close; otherwise it is a `NetError`
    /// code such as `net.channel_version` and `reason` tells an operator what to do.
    case goodbye(code: String, reason: String)
}
