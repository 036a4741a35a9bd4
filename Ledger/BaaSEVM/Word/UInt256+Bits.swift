/// Bitwise operations, shifts, `BYTE` and `SIGNEXTEND`.
extension UInt256 {
    /// Bitwise and, or, xor, not (`AND`, `OR`, `XOR`, `NOT`).
    public static func & (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3)
    }

    public static func | (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2, w3: a.w3 | b.w3)
    }

    public static func ^ (a: UInt256, b: UInt256) -> UInt256 {
        UInt256(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3)
    }

    public static prefix func ~ (a: UInt256) -> UInt256 {
        UInt256(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3)
    }

    /// Logical left shift; shifts of 256 or more give zero.
    public static func << (a: UInt256, shift: Int) -> UInt256 {
        if shift <= 0 { return shift == 0 ? a : a >> -shift }
        if shift >= 256 { return .zero }
        let limbs = shift >> 6, bits = UInt64(shift & 63)
        var r = UInt256.zero
        for i in stride(from: 3, through: limbs, by: -1) {
            var value = a[limb: i - limbs] << bits
            if bits != 0 && i - limbs - 1 >= 0 { value |= a[limb: i - limbs - 1] >> (64 - bits) }
            r[limb: i] = value
        }
        return r
    }

    /// Logical right shift; shifts of 256 or more give zero.
    public static func >> (a: UInt256, shift: Int) -> UInt256 {
        if shift <= 0 { return shift == 0 ? a : a << -shift }
        if shift >= 256 { return .zero }
        let limbs = shift >> 6, bits = UInt64(shift & 63)
        var r = UInt256.zero
        for i in 0..<(4 - limbs) {
            var value = a[limb: i + limbs] >> bits
            if bits != 0 && i + limbs + 1 < 4 { value |= a[limb: i + limbs + 1] << (64 - bits) }
            r[limb: i] = value
        }
        return r
    }

    /// `SHL`: shift left by a word-sized amount (≥ 256 gives zero).
    public func shiftedLeft(by amount: UInt256) -> UInt256 {
        amount.fitsInUInt64 && amount.w0 < 256 ? self << Int(amount.w0) : .zero
    }

    /// `SHR`: logical shift right by a word-sized amount (≥ 256 gives zero).
    public func shiftedRight(by amount: UInt256) -> UInt256 {
        amount.fitsInUInt64 && amount.w0 < 256 ? self >> Int(amount.w0) : .zero
    }

    /// `SAR`: arithmetic shift right; ≥ 256 gives 0 or −1 by sign.
    public func arithmeticShiftedRight(by amount: UInt256) -> UInt256 {
        let negative = isNegative
        guard amount.fitsInUInt64 && amount.w0 < 256 else { return negative ? .max : .zero }
        let shift = Int(amount.w0)
        let logical = self >> shift
        return negative && shift > 0 ? logical | ~(UInt256.max >> shift) : logical
    }

    /// `BYTE`: byte `index` counted from the most significant end; zero when index ≥ 32.
    public func byte(at index: UInt256) -> UInt256 {
        guard index.fitsInUInt64 && index.w0 < 32 else { return .zero }
        let fromLow = 31 - Int(index.w0)
        return UInt256((self[limb: fromLow >> 3] >> UInt64((fromLow & 7) * 8)) & 0xff)
    }

    /// `SIGNEXTEND`: extends the sign of the (byteIndex + 1)-byte value; unchanged when byteIndex ≥ 31.
    public func signExtended(fromByte byteIndex: UInt256) -> UInt256 {
        guard byteIndex.fitsInUInt64 && byteIndex.w0 < 31 else { return self }
        let bitIndex = Int(byteIndex.w0) * 8 + 7
        let mask = UInt256.max << (bitIndex + 1)
        return bit(bitIndex) ? self | mask : self & ~mask
    }
}
