/// Solidity ABI encoding and decoding (head/tail layout, 32-byte words) for calling contracts
/// without hand-encoding: `try ABI.encodeCall("transfer(address,uint256)", [.address(to), .uint(5)])`.
///
/// Decoding is strict: out-of-range values, bad booleans, offsets or lengths beyond the data throw
/// `EVMError` `evm.abi_malformed_data`, so contract output can be decoded safely.
public enum ABI {
    /// The 4-byte selector of a canonical signature such as `transfer(address,uint256)`.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }

    /// Selector plus encoded arguments for `signature` (`name(type,…)`; types are parsed, so
    /// `uint` is accepted and the selector uses the canonical `uint256`).
    /// - Throws: `EVMError` for a bad signature or values that do not fit the types.
    public static func encodeCall(_ signature: String, _ arguments: [ABIValue]) throws -> [UInt8] {
        let function = try ABIFunction(signature)
        return try function.encodeCall(arguments)
    }

    /// The encoding of `values` as the tuple `types` (function arguments and return values).
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws -> [UInt8] {
        guard values.count == types.count else {
            throw EVMError.abiValue("\(values.count) values for \(types.count) types")
        }
        var out: [UInt8] = []
        try encodeSequence(values, types, into: &out)
        return out
    }

    /// Decodes `data` as the tuple `types`.
    public static func decode(_ data: [UInt8], as types: [ABIType]) throws -> [ABIValue] {
        try decodeSequence(types, data, base: 0)
    }

    /// The message of revert data from Solidity's `Error(string)` (`require`/`revert("…")`), or a
    /// description of a `Panic(uint256)`; nil for other (or no) revert data.
    public static func revertReason(_ data: [UInt8]) -> String? {
        guard data.count >= 4 else { return nil }
        let payload = Array(data.dropFirst(4))
        switch Array(data.prefix(4)) {
        case selector("Error(string)"):
            guard case .string(let message)? = try? decode(payload, as: [.string]).first else { return nil }
            return message
        case selector("Panic(uint256)"):
            guard case .uint(let code)? = try? decode(payload, as: [.uint(256)]).first else { return nil }
            return "panic \(code.hexString)"
        default:
            return nil
        }
    }

    // MARK: Encoding

    private static func encodeSequence(_ values: [ABIValue], _ types: [ABIType], into out: inout [UInt8]) throws {
        let headSize = types.reduce(0) { $0 + $1.headSize }
        var head: [UInt8] = []
        var tail: [UInt8] = []
        head.reserveCapacity(headSize)
        for (value, type) in zip(values, types) {
            if type.isDynamic {
                head += UInt256(UInt64(headSize + tail.count)).bigEndianBytes
                try encode(value, type, into: &tail)
            } else {
                try encode(value, type, into: &head)
            }
        }
        out += head
        out += tail
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
    }

    private static func encode(_ value: ABIValue, _ type: ABIType, into out: inout [UInt8]) throws {
        switch (type, value) {
        case (.uint(let bits), .uint(let word)):
            guard word.bitWidth <= bits else { throw EVMError.abiValue("\(word) does not fit uint\(bits)") }
            out += word.bigEndianBytes
        case (.int(let bits), .int(let word)):
            guard word.signExtended(fromByte: UInt256(UInt64(bits / 8 - 1))) == word else {
                throw EVMError.abiValue("\(word.hexString) does not fit int\(bits)")
            }
            out += word.bigEndianBytes
        case (.address, .address(let address)):
            out += address.word.bigEndianBytes
        case (.bool, .bool(let flag)):
            out += (flag ? UInt256.one : .zero).bigEndianBytes
        case (.fixedBytes(let size), .fixedBytes(let bytes)):
            guard bytes.count == size else { throw EVMError.abiValue("\(bytes.count) bytes for bytes\(size)") }
            out += padded(bytes)
        case (.bytes, .bytes(let bytes)):
            out += UInt256(UInt64(bytes.count)).bigEndianBytes + padded(bytes)
        case (.string, .string(let text)):
            let bytes = Array(text.utf8)
            out += UInt256(UInt64(bytes.count)).bigEndianBytes + padded(bytes)
        case (.array(let element), .array(let items)):
            out += UInt256(UInt64(items.count)).bigEndianBytes
            try encodeSequence(items, Array(repeating: element, count: items.count), into: &out)
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else { throw EVMError.abiValue("\(items.count) items for \(type)") }
            try encodeSequence(items, Array(repeating: element, count: count), into: &out)
        case (.tuple(let members), .tuple(let items)):
            guard items.count == members.count else { throw EVMError.abiValue("\(items.count) items for \(type)") }
            try encodeSequence(items, members, into: &out)
        default:
            throw EVMError.abiValue("\(value) is not a \(type)")
        }
    }

    // MARK: Decoding

    private static func word(_ data: [UInt8], at offset: Int) throws -> UInt256 {
        guard offset >= 0, offset <= data.count - 32 else {
            throw EVMError.abiData("word at \(offset) is beyond the \(data.count) bytes of data")
        }
        return data.withUnsafeBytes { UInt256(loadingBigEndianFrom: $0.baseAddress! + offset) }
    }

    /// A word used as an offset or length, which must point inside the data.
    private static func position(_ data: [UInt8], at offset: Int) throws -> Int {
        let value = try word(data, at: offset)
        guard let position = value.intValue, position <= data.count else {
            throw EVMError.abiData("offset or length \(value) at \(offset) exceeds the data")
        }
        return position
    }

    private static func decodeSequence(_ types: [ABIType], _ data: [UInt8], base: Int) throws -> [ABIValue] {
        var values: [ABIValue] = []
        values.reserveCapacity(types.count)
        var cursor = base
        for type in types {
            if type.isDynamic {
                let start = base + (try position(data, at: cursor))
                values.append(try decode(type, data, at: start))
                cursor += 32
            } else {
                values.append(try decode(type, data, at: cursor))
                cursor += type.headSize
            }
        }
        return values
    }

    private static func bytes(_ data: [UInt8], at offset: Int) throws -> [UInt8] {
        let length = try position(data, at: offset)
        guard offset + 32 + length <= data.count else { throw EVMError.abiData("\(length) bytes at \(offset) exceed the data") }
        return Array(data[(offset + 32)..<(offset + 32 + length)])
    }

    private static func decode(_ type: ABIType, _ data: [UInt8], at offset: Int) throws -> ABIValue {
        switch type {
        case .uint(let bits):
            let value = try word(data, at: offset)
            guard value.bitWidth <= bits else { throw EVMError.abiData("\(value) does not fit uint\(bits)") }
            return .uint(value)
        case .int(let bits):
            let value = try word(data, at: offset)
            guard value.signExtended(fromByte: UInt256(UInt64(bits / 8 - 1))) == value else {
                throw EVMError.abiData("\(value.hexString) does not fit int\(bits)")
            }
            return .int(value)
        case .address:
            let value = try word(data, at: offset)
            guard value.bitWidth <= 160 else { throw EVMError.abiData("\(value.hexString) is not an address") }
            return .address(EVMAddress(value))
        case .bool:
            let value = try word(data, at: offset)
            guard value <= .one else { throw EVMError.abiData("\(value) is not a bool") }
            return .bool(value == .one)
        case .fixedBytes(let size):
            let value = try word(data, at: offset)
            return .fixedBytes(Array(value.bigEndianBytes.prefix(size)))
        case .bytes:
            return .bytes(try bytes(data, at: offset))
        case .string:
            let raw = try bytes(data, at: offset)
            guard let text = String(validating: raw, as: UTF8.self) else { throw EVMError.abiData("string is not UTF-8") }
            return .string(text)
        case .array(let element):
            let count = try position(data, at: offset)
            guard count * element.headSize <= data.count - offset - 32 else {
                throw EVMError.abiData("array of \(count) items at \(offset) exceeds the data")
            }
            return .array(try decodeSequence(Array(repeating: element, count: count), data, base: offset + 32))
        case .fixedArray(let element, let count):
            return .array(try decodeSequence(Array(repeating: element, count: count), data, base: offset))
        case .tuple(let members):
            return .tuple(try decodeSequence(members, data, base: offset))
        }
    }
}
