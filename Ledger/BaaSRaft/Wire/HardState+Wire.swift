/// The compact binary encoding (see `WireCodable`).
extension HardState: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.varint(term)
        w.varint(vote)
        w.varint(commit)
    }

    init(from r: inout ByteReader) throws {
        self.init(term: try r.varint(), vote: try r.varint(), commit: try r.varint())
    }

    /// The compact binary encoding, for persisting.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
