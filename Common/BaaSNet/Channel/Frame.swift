/// The framing of the agent<->controller channel: every message travels as a 4-byte big-endian
/// payload length followed by that many payload bytes.
///
/// A frame never exceeds a limit both sides agree on (`defaultMaxPayloadSize` unless configured);
/// an empty payload is legal at this layer. Decoding happens in `FrameDecoder`.
public enum Frame {
    /// Bytes of the length prefix.
    public static let headerSize = 4
    /// 16 MiB: big enough for a block or a snapshot chunk, small enough that a hostile length
    /// cannot make a peer buffer much.
    public static let defaultMaxPayloadSize = 16 << 20

    /// Appends one frame carrying `payload` to `buffer`.
    ///
    /// - Throws: `NetError` `net.frame_too_large` when `payload` exceeds `maxPayloadSize`.
    public static func append(_ payload: some Collection<UInt8>, to buffer: inout [UInt8],
                              maxPayloadSize: Int = defaultMaxPayloadSize) throws {
        let count = payload.count
        guard count <= maxPayloadSize, count <= Int(UInt32.max) else {
            throw NetError.frameTooLarge(count, limit: maxPayloadSize, sending: true)
        }
        let length = UInt32(count)
        buffer.reserveCapacity(buffer.count + headerSize + count)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(contentsOf: payload)
    }

    /// One frame carrying `payload`.
    ///
    /// - Throws: `NetError` `net.frame_too_large` when `payload` exceeds `maxPayloadSize`.
    public static func encode(_ payload: some Collection<UInt8>,
                              maxPayloadSize: Int = defaultMaxPayloadSize) throws -> [UInt8] {
        var buffer: [UInt8] = []
        try append(payload, to: &buffer, maxPayloadSize: maxPayloadSize)
        return buffer
    }
}

extension NetError {
    static func frameTooLarge(_ size: Int, limit: Int, sending: Bool) -> NetError {
        let who = sending ? "this side tried to send" : "the peer announced"
        return NetError("net.frame_too_large",
                        "\(who) a frame of \(size) bytes, more than the limit of \(limit) bytes; "
                        + "send smaller messages or raise the maximum frame size on both sides")
    }

    static func frameMalformed(_ detail: String) -> NetError {
        NetError("net.frame_malformed",
                 "the peer sent a malformed channel message (\(detail)); "
                 + "check that both sides run compatible BaaS versions")
    }
}
