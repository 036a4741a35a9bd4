/// Appends the big-endian integers, strings and byte strings of the channel encoding.
struct ChannelWireWriter {
    private(set) var output: [UInt8] = []

    mutating func u8(_ value: UInt8) { output.append(value) }

    mutating func u16(_ value: UInt16) {
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Cuts at 65,535 bytes, backing off to a character boundary so the result stays valid UTF-8.
    mutating func string(_ value: String) {
        var utf8 = Array(value.utf8)
        if utf8.count > Int(UInt16.max) {
            var end = Int(UInt16.max)
            while end > 0 && utf8[end] & 0xC0 == 0x80 { end -= 1 }
            utf8 = Array(utf8[..<end])
        }
        u16(UInt16(utf8.count))
        output.append(contentsOf: utf8)
    }

    mutating func bytes(_ value: [UInt8]) {
        u32(UInt32(truncatingIfNeeded: value.count))
        output.append(contentsOf: value)
    }
}
