/// An unsigned 256-bit integer, the EVM's word: four 64-bit limbs, least significant first.
///
/// Arithmetic wraps modulo 2²⁵⁶ like the EVM's; division and modulo by zero give zero. Signed
/// operations (`signedDivided`, `signedRemainder`, `isSignedLess`, `arithmeticShiftedRight`) read
/// the word as two's complement. The type is a plain value with no heap storage, so a stack of
/// them never allocates.
public struct UInt256: Hashable, Sendable {
    /// Bits 0–63.
    public var w0: UInt64
    /// Bits 64–127.
    public var w1: UInt64
    /// Bits 128–191.
    public var w2: UInt64
    /// Bits 192–255.
    public var w3: UInt64

    /// A word from its four limbs, least significant first.
    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// A word holding a 64-bit value.
    @inlinable
    public init(_ value: UInt64) {
        self.init(w0: value, w1: 0, w2: 0, w3: 0)
    }

    /// A word holding a non-negative `Int`; negative values wrap as two's complement.
    @inlinable
    public init(_ value: Int) {
        let fill: UInt64 = value < 0 ? .max : 0
        self.init(w0: UInt64(bitPattern: Int64(value)), w1: fill, w2: fill, w3: fill)
    }

    /// 0, 1, 2²⁵⁶ − 1.
    public static let zero = UInt256(w0: 0, w1: 0, w2: 0, w3: 0)
    public static let one = UInt256(w0: 1, w1: 0, w2: 0, w3: 0)
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)
    /// The most negative signed value, −2²⁵⁵.
    public static let signedMin = UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)

    @inlinable public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }
    /// True when the top bit is set (negative as a signed word).
    @inlinable public var isNegative: Bool { w3 >> 63 == 1 }
    /// True when the value fits in 64 bits.
    @inlinable public var fitsInUInt64: Bool { (w1 | w2 | w3) == 0 }

    /// The value as an `Int` when it fits in 63 bits, otherwise nil.
    @inlinable public var intValue: Int? {
        (w1 | w2 | w3) == 0 && w0 <= UInt64(Int.max) ? Int(w0) : nil
    }

    /// The number of significant bits (0 for zero).
    @inlinable public var bitWidth: Int {
        if w3 != 0 { return 256 - w3.leadingZeroBitCount }
        if w2 != 0 { return 192 - w2.leadingZeroBitCount }
        if w1 != 0 { return 128 - w1.leadingZeroBitCount }
        return 64 - w0.leadingZeroBitCount
    }

    /// The number of significant bytes (0 for zero).
    @inlinable public var byteWidth: Int { (bitWidth + 7) / 8 }

    @inlinable
    subscript(limb index: Int) -> UInt64 {
        get {
            switch index {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            default: return w3
            }
        }
        set {
            switch index {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            default: w3 = newValue
            }
        }
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256: Comparable {
    @inlinable
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        if lhs.w3 != rhs.w3 { return lhs.w3 < rhs.w3 }
        if lhs.w2 != rhs.w2 { return lhs.w2 < rhs.w2 }
        if lhs.w1 != rhs.w1 { return lhs.w1 < rhs.w1 }
        return lhs.w0 < rhs.w0
    }

    /// Signed (two's complement) less-than.
    @inlinable
    public func isSignedLess(than other: UInt256) -> Bool {
        let a = isNegative, b = other.isNegative
        if a != b { return a }
        return self < other
    }
}
