/// Big-endian bytes, hexadecimal and decimal text.
extension UInt256 {
    /// A word from up to 32 big-endian bytes; shorter input is left-padded with zeros, longer input
    /// keeps its last 32 bytes.
    public init<Bytes: Collection>(bigEndian bytes: Bytes) where Bytes.Element == UInt8 {
        self = .zero
        var shift = 0
        for byte in bytes.reversed() {
            if shift >= 256 { break }
            self[limb: shift >> 6] |= UInt64(byte) << UInt64(shift & 63)
            shift += 8
        }
    }

    /// A word from exactly 32 big-endian bytes at `pointer`.
    @inlinable
    public init(loadingBigEndianFrom pointer: UnsafeRawPointer) {
        self.init(w0: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                  w1: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  w2: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  w3: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    /// Writes the 32 big-endian bytes of the word at `pointer`.
    @inlinable
    public func storeBigEndian(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The 32 big-endian bytes of the word.
    public var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            storeBigEndian(to: UnsafeMutableRawPointer(buffer.baseAddress!))
            count = 32
        }
    }

    /// The big-endian bytes without leading zeros (empty for zero), as RLP encodes integers.
    public var minimalBigEndianBytes: [UInt8] { Array(bigEndianBytes.dropFirst(32 - byteWidth)) }

    /// Parses hexadecimal with or without `0x`, at most 64 digits; an empty string (or bare `0x`) is zero.
    public init?(hex text: String) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard digits.count <= 64 else { return nil }
        var value = UInt256.zero
        for character in digits {
            guard let digit = character.hexDigitValue else { return nil }
            value = (value << 4) | UInt256(UInt64(digit))
        }
        self = value
    }

    /// Parses a decimal number; nil if not decimal or ≥ 2²⁵⁶.
    public init?(decimal text: String) {
        guard !text.isEmpty else { return nil }
        var value = UInt256.zero
        for character in text {
            guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
            let (times8, o1) = (value << 3).addingReportingOverflow(value << 1)
            guard value.bitWidth <= 253, !o1 else { return nil }
            let (next, o2) = times8.addingReportingOverflow(UInt256(UInt64(digit)))
            guard !o2 else { return nil }
            value = next
        }
        self = value
    }

    /// Minimal lowercase hexadecimal with `0x` (`0x0` for zero).
    public var hexString: String {
        if isZero { return "0x0" }
        var text = ""
        for limb in [w3, w2, w1, w0] {
            let part = String(limb, radix: 16)
            if text.isEmpty {
                if limb != 0 { text = part }
            } else {
                text += String(repeating: "0", count: 16 - part.count) + part
            }
        }
        return "0x" + text
    }
}

extension UInt256: CustomStringConvertible {
    /// The decimal value.
    public var description: String {
        if fitsInUInt64 { return String(w0) }
        var chunks: [UInt64] = []
        var value = self
        let tenToThe19 = UInt256(10_000_000_000_000_000_000 as UInt64)
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: tenToThe19)
            chunks.append(r.w0)
            value = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 19 - part.count) + part
        }
        return text
    }
}
