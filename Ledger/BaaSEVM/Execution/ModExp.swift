/// The `0x05` precompile (EIP-198) priced by EIP-2565: base^exponent mod modulus over integers of
/// any length given in the input header.
enum ModExp {
    static func run(input: [UInt8], gas: Int64) -> EVMResult {
        let baseLength = word(input, at: 0), exponentLength = word(input, at: 32), modulusLength = word(input, at: 64)
        guard let cost = price(input, baseLength, exponentLength, modulusLength), cost <= gas else {
            return .failure(.outOfGas)
        }
        let left = gas - cost
        // A price within the gas bounds the base and modulus lengths; the exponent's is bounded by
        // the iteration count (8 per byte beyond the first 32), so these conversions hold.
        guard let b = baseLength.intValue, let m = modulusLength.intValue else { return .failure(.outOfGas) }
        if b == 0 && m == 0 { return EVMResult(status: .success, gasLeft: left) }
        guard let e = exponentLength.intValue else { return .failure(.outOfGas) }
        let base = bytes(input, at: 96, count: b)
        // Exponent bytes past the end of the input are zeros: only squarings, no copy needed.
        let present = Swift.min(e, Swift.max(0, input.count - (96 + b)))
        let exponent = bytes(input, at: 96 + b, count: present)
        let modulus = limbs(bytes(input, at: 96 + b + e, count: m))
        guard !modulus.isEmpty else { return EVMResult(status: .success, gasLeft: left, output: [UInt8](repeating: 0, count: m)) }
        var result = remainder([1], modulus)
        let reducedBase = remainder(limbs(base), modulus)
        for byte in exponent {
            for bit in stride(from: 7, through: 0, by: -1) {
                result = multiplyMod(result, result, modulus)
                if (byte >> UInt8(bit)) & 1 == 1 { result = multiplyMod(result, reducedBase, modulus) }
            }
        }
        for _ in 0..<(8 * (e - present)) { result = multiplyMod(result, result, modulus) }
        return EVMResult(status: .success, gasLeft: left, output: bigEndian(result, count: m))
    }

    /// EIP-2565: max(200, ⌈max(b, m) / 8⌉² × max(adjusted exponent length, 1) / 3); nil if absurdly large.
    static func price(_ input: [UInt8], _ baseLength: UInt256, _ exponentLength: UInt256, _ modulusLength: UInt256) -> Int64? {
        let longest = Swift.max(baseLength, modulusLength)
        guard longest <= UInt256(UInt64(UInt32.max)) else { return nil }
        let words = (longest.w0 + 7) / 8
        let complexity = words * words
        var head = UInt256.zero
        if let b = baseLength.intValue, b < Int.max - 96 {
            let headLength = exponentLength > UInt256(32) ? 32 : Int(exponentLength.w0)
            head = UInt256(bigEndian: bytes(input, at: 96 + b, count: headLength))
        }
        let topBit = UInt64(Swift.max(head.bitWidth - 1, 0))
        var iterations = topBit
        if exponentLength > UInt256(32) {
            let extra = exponentLength &- UInt256(32)
            guard extra < UInt256(UInt64(1) << 40) else { return complexity == 0 ? 200 : nil }
            iterations += 8 * extra.w0
        }
        let (product, overflow) = complexity.multipliedReportingOverflow(by: Swift.max(iterations, 1))
        guard !overflow, product / 3 <= UInt64(Int64.max) else { return nil }
        return Swift.max(200, Int64(product / 3))
    }

    private static func word(_ input: [UInt8], at offset: Int) -> UInt256 {
        UInt256(bigEndian: bytes(input, at: offset, count: 32))
    }

    /// `count` bytes of `input` from `offset`, zero-padded past its end.
    private static func bytes(_ input: [UInt8], at offset: Int, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if offset < input.count {
            let available = Swift.min(count, input.count - offset)
            out.replaceSubrange(0..<available, with: input[offset..<(offset + available)])
        }
        return out
    }

    /// Little-endian 64-bit limbs without leading zero limbs.
    private static func limbs(_ bigEndian: [UInt8]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: (bigEndian.count + 7) / 8)
        for (index, byte) in bigEndian.reversed().enumerated() {
            out[index / 8] |= UInt64(byte) << UInt64((index % 8) * 8)
        }
        while out.last == 0 { out.removeLast() }
        return out
    }

    private static func bigEndian(_ limbs: [UInt64], count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        for index in 0..<Swift.min(count, limbs.count * 8) {
            out[count - 1 - index] = UInt8(truncatingIfNeeded: limbs[index / 8] >> UInt64((index % 8) * 8))
        }
        return out
    }

    /// `value` mod `modulus` (modulus non-empty, no leading zero limbs).
    private static func remainder(_ value: [UInt64], _ modulus: [UInt64]) -> [UInt64] {
        if value.count < modulus.count { return value }
        var u = value, v = modulus
        var q = [UInt64](repeating: 0, count: u.count), r = [UInt64](repeating: 0, count: v.count)
        u.withUnsafeMutableBufferPointer { u in
            v.withUnsafeMutableBufferPointer { v in
                q.withUnsafeMutableBufferPointer { q in
                    r.withUnsafeMutableBufferPointer { r in
                        UInt256.divide(u.baseAddress!, count: u.count, by: v.baseAddress!, count: v.count,
                                       quotient: q.baseAddress!, remainder: r.baseAddress!)
                    }
                }
            }
        }
        while r.last == 0 { r.removeLast() }
        return r
    }

    private static func multiplyMod(_ a: [UInt64], _ b: [UInt64], _ modulus: [UInt64]) -> [UInt64] {
        if a.isEmpty || b.isEmpty { return [] }
        var product = [UInt64](repeating: 0, count: a.count + b.count)
        for i in 0..<a.count {
            var carry: UInt64 = 0
            for j in 0..<b.count {
                let p = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = product[i + j].addingReportingOverflow(p.low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                product[i + j] = s2
                carry = p.high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            product[i + b.count] = carry
        }
        while product.last == 0 { product.removeLast() }
        return remainder(product, modulus)
    }
}
