/// The compact binary encoding (see `WireCodable`).
extension ConfChange: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.u8(kind.rawValue)
        w.varint(nodeID)
        // The context is optional, so a change without one encodes as it always did.
        if !context.isEmpty { w.byteString(context) }
    }

    init(from r: inout ByteReader) throws {
        let raw = try r.u8()
        guard let kind = Kind(rawValue: raw) else { throw RaftError.malformed("membership change kind \(raw)") }
        let nodeID = try r.varint()
        self.init(kind, nodeID, context: r.remaining > 0 ? try r.byteString() : [])
    }

    /// The compact binary encoding, as carried in a `.confChange` entry.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
