/// The answer to a channel request: an HTTP-like status and an opaque body.
public struct ChannelResponse: Sendable, Hashable {
    public var status: UInt16
    public var body: [UInt8]

    public init(status: UInt16, body: [UInt8] = []) {
        self.status = status
        self.body = body
    }

    /// 200 with a body.
    public static func ok(_ body: [UInt8] = []) -> ChannelResponse { ChannelResponse(status: 200, body: body) }
}
