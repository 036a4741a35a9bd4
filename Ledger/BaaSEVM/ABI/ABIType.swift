/// A Solidity ABI type: the common elementary types, arrays and tuples.
public indirect enum ABIType: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// `uintN`, N a multiple of 8 from 8 to 256.
    case uint(Int)
    /// `intN`, N a multiple of 8 from 8 to 256.
    case int(Int)
    case address
    case bool
    /// `bytesN`, N from 1 to 32.
    case fixedBytes(Int)
    case bytes
    case string
    /// `T[]`.
    case array(ABIType)
    /// `T[k]`.
    case fixedArray(ABIType, Int)
    /// `(T1,T2,…)`.
    case tuple([ABIType])

    /// Parses a type as written in a signature (`uint` means `uint256`, `int` means `int256`).
    /// - Throws: `EVMError` `evm.abi_bad_type`.
    public init(_ text: String) throws {
        var parser = Parser(text: Array(text.utf8))
        let type = try parser.type()
        guard parser.atEnd else { throw EVMError.abiType(text) }
        self = type
    }

    /// The canonical name used in signatures and selectors.
    public var description: String {
        switch self {
        case .uint(let bits): return "uint\(bits)"
        case .int(let bits): return "int\(bits)"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let size): return "bytes\(size)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array(let element): return "\(element)[]"
        case .fixedArray(let element, let count): return "\(element)[\(count)]"
        case .tuple(let members): return "(" + members.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// True when the encoding has a variable length (and so sits in the tail behind an offset).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: return true
        case .fixedArray(let element, _): return element.isDynamic
        case .tuple(let members): return members.contains { $0.isDynamic }
        default: return false
        }
    }

    /// Bytes the type takes in a head: its full size if static, 32 (an offset) if dynamic.
    var headSize: Int {
        if isDynamic { return 32 }
        switch self {
        case .fixedArray(let element, let count): return element.headSize * count
        case .tuple(let members): return members.reduce(0) { $0 + $1.headSize }
        default: return 32
        }
    }

    /// Parses a parenthesised, comma-separated type list such as `(address,uint256)`.
    static func parseList(_ text: String) throws -> [ABIType] {
        guard case .tuple(let members) = try ABIType(text) else { throw EVMError.abiType(text) }
        return members
    }

    private struct Parser {
        let text: [UInt8]
        var position = 0

        var atEnd: Bool { position == text.count }

        mutating func type() throws -> ABIType {
            var base: ABIType
            if position < text.count && text[position] == UInt8(ascii: "(") {
                position += 1
                var members: [ABIType] = []
                if position < text.count && text[position] == UInt8(ascii: ")") {
                    position += 1
                } else {
                    while true {
                        members.append(try type())
                        guard position < text.count else { throw error() }
                        let separator = text[position]
                        position += 1
                        if separator == UInt8(ascii: ")") { break }
                        guard separator == UInt8(ascii: ",") else { throw error() }
                    }
                }
                base = .tuple(members)
            } else {
                let start = position
                while position < text.count, isNameCharacter(text[position]) { position += 1 }
                base = try elementary(String(decoding: text[start..<position], as: UTF8.self))
            }
            while position < text.count && text[position] == UInt8(ascii: "[") {
                position += 1
                let start = position
                while position < text.count, text[position] >= UInt8(ascii: "0"), text[position] <= UInt8(ascii: "9") {
                    position += 1
                }
                let digits = String(decoding: text[start..<position], as: UTF8.self)
                guard position < text.count, text[position] == UInt8(ascii: "]") else { throw error() }
                position += 1
                if digits.isEmpty {
                    base = .array(base)
                } else {
                    guard let count = Int(digits), count > 0 else { throw error() }
                    base = .fixedArray(base, count)
                }
            }
            return base
        }

        private func isNameCharacter(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }

        private func error() -> EVMError { EVMError.abiType(String(decoding: text, as: UTF8.self)) }

        private func elementary(_ name: String) throws -> ABIType {
            switch name {
            case "address": return .address
            case "bool": return .bool
            case "bytes": return .bytes
            case "string": return .string
            case "uint": return .uint(256)
            case "int": return .int(256)
            default: break
            }
            for (prefix, make) in [("uint", ABIType.uint), ("int", ABIType.int)] as [(String, (Int) -> ABIType)] {
                if name.hasPrefix(prefix), let bits = Int(name.dropFirst(prefix.count)),
                   bits >= 8, bits <= 256, bits % 8 == 0 {
                    return make(bits)
                }
            }
            if name.hasPrefix("bytes"), let size = Int(name.dropFirst(5)), size >= 1, size <= 32 {
                return .fixedBytes(size)
            }
            throw error()
        }
    }
}
