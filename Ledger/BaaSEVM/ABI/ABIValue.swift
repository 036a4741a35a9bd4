/// A value to ABI-encode or one decoded, shaped like its `ABIType`.
public indirect enum ABIValue: Equatable, Hashable, Sendable {
    case uint(UInt256)
    /// A signed value in two's complement.
    case int(UInt256)
    case address(EVMAddress)
    case bool(Bool)
    /// `bytesN`: exactly N bytes.
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    /// `T[]` or `T[k]`.
    case array([ABIValue])
    case tuple([ABIValue])

    /// An `intN` value from a Swift integer (`.int` takes the two's complement word).
    public static func signed(_ value: Int) -> ABIValue { .int(UInt256(value)) }

    /// The word of a `uint`/`int`, nil otherwise.
    public var word: UInt256? {
        switch self {
        case .uint(let value), .int(let value): return value
        default: return nil
        }
    }
}
