/// Splits a byte stream into frame payloads (see `Frame`), fed with chunks split anywhere.
///
/// Feed received bytes with `append(_:)`, then call `next()` until it returns nil. The decoder
/// never trusts a length before the bytes are there: a hostile length costs no memory beyond
/// what the peer actually sent, and one above the limit fails at once.
///
/// - Note: A value type with no locking: one connection owns it.
public struct FrameDecoder: Sendable {
    /// The largest payload accepted.
    public let maxPayloadSize: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var failure: NetError?

    /// - Parameter maxPayloadSize: frames announcing more fail with `net.frame_too_large`.
    public init(maxPayloadSize: Int = Frame.defaultMaxPayloadSize) {
        self.maxPayloadSize = maxPayloadSize
    }

    /// Bytes received and not yet returned as a payload.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil, !bytes.isEmpty else { return }
        if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete payload, or nil when more bytes are needed.
    ///
    /// - Throws: `NetError` `net.frame_too_large` when a frame announces more than
    ///   `maxPayloadSize`. The stream cannot be resynchronised after that: every later call
    ///   throws the same error.
    public mutating func next() throws -> [UInt8]? {
        if let failure { throw failure }
        let available = buffer.count - readIndex
        guard available >= Frame.headerSize else { return nil }
        let length = Int(buffer[readIndex]) << 24 | Int(buffer[readIndex + 1]) << 16
            | Int(buffer[readIndex + 2]) << 8 | Int(buffer[readIndex + 3])
        guard length <= maxPayloadSize else {
            let error = NetError.frameTooLarge(length, limit: maxPayloadSize, sending: false)
            failure = error
            buffer = []
            readIndex = 0
            throw error
        }
        guard available - Frame.headerSize >= length else { return nil }
        let start = readIndex + Frame.headerSize
        let payload = Array(buffer[start..<(start + length)])
        readIndex = start + length
        if readIndex == buffer.count {
            // Idle connections are the common case: give the memory back instead of keeping capacity.
            buffer = []
            readIndex = 0
        }
        return payload
    }
}
