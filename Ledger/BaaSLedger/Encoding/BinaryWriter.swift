/// Appends the ledger's canonical binary encoding: LEB128 varints, one-byte tags and
/// length-prefixed byte strings. One value has exactly one encoding, so hashes of encodings are
/// stable across nodes.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func byteString(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) {
        byteString(Array(value.utf8))
    }

    /// Bytes of a length both sides know (hashes, addresses): no prefix.
    mutating func fixed(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }
}
