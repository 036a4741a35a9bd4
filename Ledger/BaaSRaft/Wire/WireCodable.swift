/// A value with a compact binary encoding.
///
/// The format: one version byte (`wireFormatVersion`), then the fields in declaration order.
/// Integers are unsigned LEB128 varints (7 bits a byte, low first); booleans and enum tags are
/// one byte; byte strings and lists are a varint count followed by the elements. A message is
/// `from, to, term, tag` followed by the fields of its kind. Decoding checks every length against
/// what is left and rejects trailing bytes, so it never reads out of bounds or over-allocates.
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
