/// The compact binary encoding (see `WireCodable`).
extension ConfState: WireCodable {
    func encode(to w: inout ByteWriter) {
        w.varint(UInt64(voters.count))
        voters.forEach { w.varint($0) }
        w.varint(UInt64(learners.count))
        learners.forEach { w.varint($0) }
    }

    init(from r: inout ByteReader) throws {
        var voters: [UInt64] = []
        for _ in 0..<(try r.count(minimumSize: 1)) { voters.append(try r.varint()) }
        var learners: [UInt64] = []
        for _ in 0..<(try r.count(minimumSize: 1)) { learners.append(try r.varint()) }
        self.init(voters: voters, learners: learners)
    }

    /// The compact binary encoding, for persisting.
    public func encoded() -> [UInt8] { wireBytes() }
    /// Decodes `encoded()` output; throws `raft.malformed` on anything else.
    public init(decoding bytes: [UInt8]) throws { try self.init(wireBytes: bytes) }
}
