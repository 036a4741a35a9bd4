/// Wrapping arithmetic, division (Knuth's algorithm D on 64-bit digits) and the EVM's modular ops.
extension UInt256 {
    /// Addition modulo 2²⁵⁶.
    public static func &+ (a: UInt256, b: UInt256) -> UInt256 {
        a.addingReportingOverflow(b).partialValue
    }

    /// Subtraction modulo 2²⁵⁶.
    public static func &- (a: UInt256, b: UInt256) -> UInt256 {
        let (r0, c0) = a.w0.subtractingReportingOverflow(b.w0)
        let (t1, c1a) = a.w1.subtractingReportingOverflow(b.w1)
        let (r1, c1b) = t1.subtractingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = a.w2.subtractingReportingOverflow(b.w2)
        let (r2, c2b) = t2.subtractingReportingOverflow((c1a || c1b) ? 1 : 0)
        let r3 = a.w3 &- b.w3 &- ((c2a || c2b) ? 1 : 0)
        return UInt256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    /// Multiplication modulo 2²⁵⁶.
    public static func &* (a: UInt256, b: UInt256) -> UInt256 {
        if a.fitsInUInt64 && b.fitsInUInt64 {
            let p = a.w0.multipliedFullWidth(by: b.w0)
            return UInt256(w0: p.low, w1: p.high, w2: 0, w3: 0)
        }
        var r = UInt256.zero
        for i in 0..<4 {
            let ai = a[limb: i]
            if ai == 0 { continue }
            var carry: UInt64 = 0
            for j in 0..<(4 - i) {
                let p = ai.multipliedFullWidth(by: b[limb: j])
                let (s1, o1) = r[limb: i + j].addingReportingOverflow(p.low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                r[limb: i + j] = s2
                carry = p.high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
        }
        return r
    }

    /// Addition with the carry out of bit 255.
    public func addingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(b.w0)
        let (t1, c1a) = w1.addingReportingOverflow(b.w1)
        let (r1, c1b) = t1.addingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = w2.addingReportingOverflow(b.w2)
        let (r2, c2b) = t2.addingReportingOverflow((c1a || c1b) ? 1 : 0)
        let (t3, c3a) = w3.addingReportingOverflow(b.w3)
        let (r3, c3b) = t3.addingReportingOverflow((c2a || c2b) ? 1 : 0)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), c3a || c3b)
    }

    /// Two's complement negation.
    public var negated: UInt256 { UInt256.zero &- self }

    /// The absolute value of a signed word (−2²⁵⁵ stays −2²⁵⁵, as the EVM expects).
    public var signedMagnitude: UInt256 { isNegative ? negated : self }

    /// Quotient and remainder; both zero when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        if divisor.isZero { return (.zero, .zero) }
        if self < divisor { return (.zero, self) }
        if fitsInUInt64 { return (UInt256(w0 / divisor.w0), UInt256(w0 % divisor.w0)) }
        var q = UInt256.zero, r = UInt256.zero
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { buffer in
            let base = buffer.baseAddress!
            let u = base, v = base + 4, quotient = base + 8, remainder = base + 12
            for i in 0..<4 {
                u[i] = self[limb: i]
                v[i] = divisor[limb: i]
            }
            UInt256.divide(u, count: 4, by: v, count: 4, quotient: quotient, remainder: remainder)
            for i in 0..<4 {
                q[limb: i] = quotient[i]
                r[limb: i] = remainder[i]
            }
        }
        return (q, r)
    }

    /// Unsigned division; zero when `divisor` is zero.
    public static func / (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).quotient }

    /// Unsigned remainder; zero when `divisor` is zero.
    public static func % (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).remainder }

    /// Signed division truncating towards zero (`SDIV`); −2²⁵⁵ / −1 = −2²⁵⁵, x / 0 = 0.
    public func signedDivided(by divisor: UInt256) -> UInt256 {
        let q = signedMagnitude / divisor.signedMagnitude
        return isNegative != divisor.isNegative ? q.negated : q
    }

    /// Signed remainder with the dividend's sign (`SMOD`); x mod 0 = 0.
    public func signedRemainder(dividingBy divisor: UInt256) -> UInt256 {
        let r = signedMagnitude % divisor.signedMagnitude
        return isNegative ? r.negated : r
    }

    /// (a + b) mod m computed without losing the carry; zero when `m` is zero (`ADDMOD`).
    public static func addMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (sum, carry) = a.addingReportingOverflow(b)
        if !carry { return sum % m }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 18) { buffer in
            let base = buffer.baseAddress!
            let u = base, v = base + 5, quotient = base + 9, remainder = base + 14
            for i in 0..<4 {
                u[i] = sum[limb: i]
                v[i] = m[limb: i]
            }
            u[4] = 1
            divide(u, count: 5, by: v, count: 4, quotient: quotient, remainder: remainder)
            return UInt256(w0: remainder[0], w1: remainder[1], w2: remainder[2], w3: remainder[3])
        }
    }

    /// (a × b) mod m over the full 512-bit product; zero when `m` is zero (`MULMOD`).
    public static func mulMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 24) { buffer in
            let base = buffer.baseAddress!
            let product = base, v = base + 8, quotient = base + 12, remainder = base + 20
            for i in 0..<8 { product[i] = 0 }
            for i in 0..<4 {
                var carry: UInt64 = 0
                let ai = a[limb: i]
                for j in 0..<4 {
                    let p = ai.multipliedFullWidth(by: b[limb: j])
                    let (s1, o1) = product[i + j].addingReportingOverflow(p.low)
                    let (s2, o2) = s1.addingReportingOverflow(carry)
                    product[i + j] = s2
                    carry = p.high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                }
                product[i + 4] = carry
            }
            for i in 0..<4 { v[i] = m[limb: i] }
            divide(product, count: 8, by: v, count: 4, quotient: quotient, remainder: remainder)
            return UInt256(w0: remainder[0], w1: remainder[1], w2: remainder[2], w3: remainder[3])
        }
    }

    /// base^exponent modulo 2²⁵⁶ by square-and-multiply (`EXP`).
    public static func power(_ base: UInt256, _ exponent: UInt256) -> UInt256 {
        var result = UInt256.one
        var b = base
        let bits = exponent.bitWidth
        var i = 0
        while i < bits {
            if exponent.bit(i) { result = result &* b }
            i += 1
            if i < bits { b = b &* b }
        }
        return result
    }

    /// Bit `index` (0 = least significant).
    public func bit(_ index: Int) -> Bool {
        (self[limb: index >> 6] >> UInt64(index & 63)) & 1 == 1
    }

    /// Divides `u` (uCount limbs) by `v` (vCount limbs, leading zeros allowed), writing uCount − n + 1
    /// quotient limbs and n remainder limbs where n is v's significant length (remainder zero-padded
    /// to vCount). Knuth, TAOCP vol. 2, 4.3.1, algorithm D. `u` is clobbered.
    static func divide(_ u: UnsafeMutablePointer<UInt64>, count uCount: Int,
                       by v: UnsafeMutablePointer<UInt64>, count vCount: Int,
                       quotient q: UnsafeMutablePointer<UInt64>, remainder r: UnsafeMutablePointer<UInt64>) {
        var n = vCount
        while n > 0 && v[n - 1] == 0 { n -= 1 }
        var m = uCount
        while m > 0 && u[m - 1] == 0 { m -= 1 }
        for i in 0..<uCount { q[i] = 0 }
        for i in 0..<vCount { r[i] = 0 }
        precondition(n > 0, "division by zero is handled by callers")
        if m < n {
            for i in 0..<m { r[i] = u[i] }
            return
        }
        if n == 1 {
            var rem: UInt64 = 0
            let d = v[0]
            var i = m - 1
            while i >= 0 {
                (q[i], rem) = d.dividingFullWidth((rem, u[i]))
                i -= 1
            }
            r[0] = rem
            return
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: m + 1 + n) { buffer in
            let un = buffer.baseAddress!, vn = un + m + 1
            let s = UInt64(v[n - 1].leadingZeroBitCount)
            for i in stride(from: n - 1, to: 0, by: -1) {
                vn[i] = s == 0 ? v[i] : (v[i] << s) | (v[i - 1] >> (64 - s))
            }
            vn[0] = v[0] << s
            un[m] = s == 0 ? 0 : u[m - 1] >> (64 - s)
            for i in stride(from: m - 1, to: 0, by: -1) {
                un[i] = s == 0 ? u[i] : (u[i] << s) | (u[i - 1] >> (64 - s))
            }
            un[0] = u[0] << s
            let top = vn[n - 1], next = vn[n - 2]
            var j = m - n
            while j >= 0 {
                var qhat: UInt64, rhat: UInt64, rhatOverflow = false
                if un[j + n] >= top {
                    qhat = .max
                    (rhat, rhatOverflow) = un[j + n - 1].addingReportingOverflow(top)
                } else {
                    (qhat, rhat) = top.dividingFullWidth((un[j + n], un[j + n - 1]))
                }
                while !rhatOverflow {
                    let p = qhat.multipliedFullWidth(by: next)
                    guard p.high > rhat || (p.high == rhat && p.low > un[j + n - 2]) else { break }
                    qhat -= 1
                    (rhat, rhatOverflow) = rhat.addingReportingOverflow(top)
                }
                var borrow: UInt64 = 0, carry: UInt64 = 0
                for i in 0..<n {
                    let p = qhat.multipliedFullWidth(by: vn[i])
                    let (low, c) = p.low.addingReportingOverflow(carry)
                    carry = p.high &+ (c ? 1 : 0)
                    let (t1, b1) = un[i + j].subtractingReportingOverflow(low)
                    let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                    un[i + j] = t2
                    borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
                }
                let (t1, b1) = un[j + n].subtractingReportingOverflow(carry)
                let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                un[j + n] = t2
                if b1 || b2 {
                    qhat -= 1
                    var c: UInt64 = 0
                    for i in 0..<n {
                        let (s1, o1) = un[i + j].addingReportingOverflow(vn[i])
                        let (s2, o2) = s1.addingReportingOverflow(c)
                        un[i + j] = s2
                        c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                    un[j + n] &+= c
                }
                q[j] = qhat
                j -= 1
            }
            for i in 0..<n {
                r[i] = s == 0 ? un[i] : (un[i] >> s) | (un[i + 1] << (64 - s))
            }
        }
    }
}
