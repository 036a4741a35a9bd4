/// Reads what `BinaryWriter` writes. Every read checks the remaining length first, so any input —
/// truncated, oversized or random — ends in a thrown `ledger.malformed`, never a trap or a huge
/// allocation. Varints must be minimal, so that one value has one encoding.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func u8() throws -> UInt8 {
        guard position < bytes.count else { throw LedgerError.malformed("input ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw LedgerError.malformed("boolean byte \(b)")
        }
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            if shift == 63 && byte > 1 { throw LedgerError.malformed("integer overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 { throw LedgerError.malformed("integer is not minimally encoded") }
                return result
            }
            shift += 7
        }
    }

    /// A length or count, at most `limit` and at most what the input still holds.
    mutating func length(limit: Int, minimumSize: Int = 1) throws -> Int {
        let n = try varint()
        guard n <= UInt64(limit) else { throw LedgerError.malformed("length \(n) exceeds the limit \(limit)") }
        guard n <= UInt64(remaining / max(minimumSize, 1)) else {
            throw LedgerError.malformed("length \(n) exceeds the input")
        }
        return Int(n)
    }

    mutating func byteString(limit: Int = Int(Int32.max)) throws -> [UInt8] {
        let n = try length(limit: limit)
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    mutating func string(limit: Int) throws -> String {
        let raw = try byteString(limit: limit)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw LedgerError.malformed("text is not valid UTF-8")
        }
        return text
    }

    mutating func fixed(_ count: Int) throws -> [UInt8] {
        guard remaining >= count else { throw LedgerError.malformed("input ends early") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    func finish() throws {
        guard remaining == 0 else { throw LedgerError.malformed("\(remaining) trailing bytes") }
    }
}
