/// Reads the encoding `ByteWriter` produces. Every read checks the remaining length first, so any
/// input — truncated, oversized or random — ends in a thrown `raft.malformed`, never a trap or a
/// huge allocation.
struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func u8() throws -> UInt8 {
        guard position < bytes.count else { throw RaftError.malformed("input ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw RaftError.malformed("boolean byte \(b)")
        }
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            if shift == 63 && byte > 1 { throw RaftError.malformed("integer overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A count of elements that each take at least `minimumSize` bytes, so a forged count cannot
    /// make the caller reserve more than the input could hold.
    mutating func count(minimumSize: Int) throws -> Int {
        let n = try varint()
        guard n <= UInt64(remaining / max(minimumSize, 1)) else {
            throw RaftError.malformed("count \(n) exceeds the input")
        }
        return Int(n)
    }

    mutating func byteString() throws -> [UInt8] {
        let n = try count(minimumSize: 1)
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    func finish() throws {
        guard remaining == 0 else { throw RaftError.malformed("\(remaining) trailing bytes") }
    }
}
