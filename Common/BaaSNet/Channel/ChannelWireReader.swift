/// Reads the channel encoding back, failing with `net.frame_malformed` on any short read.
struct ChannelWireReader {
    private let input: [UInt8]
    private var index = 0

    init(_ input: [UInt8]) { self.input = input }

    private mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, input.count - index >= count else {
            throw NetError.frameMalformed("\(what) runs past the end of the message")
        }
        defer { index += count }
        return input[index..<(index + count)]
    }

    mutating func u8() throws -> UInt8 { try take(1, "a field").first! }

    mutating func u16() throws -> UInt16 {
        try take(2, "a 16-bit field").reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func u32() throws -> UInt32 {
        try take(4, "a 32-bit field").reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8, "a 64-bit field").reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() throws -> String {
        let count = Int(try u16())
        let utf8 = try take(count, "a string")
        guard let value = String(validating: utf8, as: UTF8.self) else {
            throw NetError.frameMalformed("a string is not valid UTF-8")
        }
        return value
    }

    mutating func bytes() throws -> [UInt8] {
        let count = Int(try u32())
        return Array(try take(count, "a byte string"))
    }

    func expectEnd() throws {
        guard index == input.count else {
            throw NetError.frameMalformed("\(input.count - index) unexpected bytes after the message")
        }
    }
}
