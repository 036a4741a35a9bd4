/// The compact binary encoding (see `WireCodable`).
extension ConfChange: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.u8(kind.rawValue)
        w.varint(nodeID)
    }

    init(from r: inout ByteReader) throws {
        let raw = try r.u8()
        guard let kind = Kind(rawValue: raw) else { throw RaftError.malformed("membership change kind \(raw)") }
        self.init(kind, try r.varint())
    }

    /// The compact binary encoding, as carried in a `.confChange` entry.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
