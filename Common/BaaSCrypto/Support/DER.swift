/// The few DER operations the signing code needs: split a signed structure
/// (`SEQUENCE { tbs, algorithm, BIT STRING }`) and assemble one from parts.
enum DER {
    /// One element's full encoding (tag, length, value) and where its value starts.
    struct Element {
        let encoded: ArraySlice<UInt8>
        let valueStart: Int
    }

    /// Reads the element starting at `offset`.
    static func element(_ bytes: [UInt8], at offset: Int) throws -> Element {
        guard offset + 2 <= bytes.count else { throw truncated() }
        var index = offset + 1
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7f)
            guard count >= 1, count <= 4, index + count <= bytes.count else { throw truncated() }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard index + length <= bytes.count else { throw truncated() }
        return Element(encoded: bytes[offset..<(index + length)], valueStart: index)
    }

    /// The children of the SEQUENCE that makes up `bytes`.
    static func sequenceChildren(_ bytes: [UInt8]) throws -> [ArraySlice<UInt8>] {
        let outer = try element(bytes, at: 0)
        guard bytes.first == 0x30, outer.encoded.count == bytes.count else { throw truncated() }
        var children: [ArraySlice<UInt8>] = []
        var offset = outer.valueStart
        while offset < bytes.count {
            let child = try element(bytes, at: offset)
            children.append(child.encoded)
            offset = child.encoded.endIndex
        }
        return children
    }

    /// Encodes a definite length.
    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var v = n
        while v > 0 {
            bytes.insert(UInt8(v & 0xff), at: 0)
            v >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// `SEQUENCE { parts... }`.
    static func sequence(_ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        let body = parts.reduce(into: [UInt8]()) { $0 += $1 }
        return [0x30] + length(body.count) + body
    }

    /// `BIT STRING` with no unused bits.
    static func bitString(_ bytes: [UInt8]) -> [UInt8] {
        [0x03] + length(bytes.count + 1) + [0x00] + bytes
    }

    private static func truncated() -> CryptoError {
        CryptoError("crypto.malformed_der", "a DER structure is truncated or has an invalid length")
    }
}
