/// A value with a compact binary encoding.
protocol WireCodable {
    func encode(to writer: inout ByteWriter)
    init(from reader: inout ByteReader) throws
}

extension WireCodable {
    func wireBytes() -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(wireFormatVersion)
        encode(to: &writer)
        return writer.bytes
    }

    init(wireBytes bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        let version = try reader.u8()
        guard version == wireFormatVersion else { throw RaftError.malformed("format version \(version)") }
        self = try Self(from: &reader)
        try reader.finish()
    }
}

/// The first byte of every top-level encoding, so a future format can be told apart.
let wireFormatVersion: UInt8 = 1
