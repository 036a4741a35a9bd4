/// The compact binary encoding (see `WireCodable`).
extension RaftSnapshot: WireCodable {
    func encode(to w: inout ByteWriter) {
        metadata.encode(to: &w)
        w.byteString(data)
    }

    init(from r: inout ByteReader) throws {
        self.init(metadata: try SnapshotMetadata(from: &r), data: try r.byteString())
    }
}
