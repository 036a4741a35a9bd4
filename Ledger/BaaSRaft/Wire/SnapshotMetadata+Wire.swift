/// The compact binary encoding (see `WireCodable`).
extension SnapshotMetadata: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.varint(index)
        w.varint(term)
        confState.encode(to: &w)
    }

    init(from r: inout ByteReader) throws {
        self.init(index: try r.varint(), term: try r.varint(), confState: try ConfState(from: &r))
    }

    /// The compact binary encoding, for persisting.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
