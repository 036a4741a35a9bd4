/// The compact binary encoding (see `WireCodable`).
extension RaftEntry: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.varint(term)
        w.varint(index)
        w.u8(kind.rawValue)
        w.byteString(data)
    }

    init(from r: inout ByteReader) throws {
        let term = try r.varint()
        let index = try r.varint()
        let raw = try r.u8()
        guard let kind = Kind(rawValue: raw) else { throw RaftError.malformed("entry kind \(raw)") }
        self.init(term: term, index: index, kind: kind, data: try r.byteString())
    }

    /// The compact binary encoding, for persisting.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
