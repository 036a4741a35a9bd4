/// Strict standard Base64 (RFC 4648, with padding), used for PEM bodies and password hashes.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// Encodes `bytes` with `=` padding and no line breaks.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded Base64, ignoring ASCII whitespace (PEM bodies wrap at 64 columns).
    ///
    /// - Throws: `CryptoError` `crypto.malformed_base64` naming the first problem.
    public static func decode(_ text: some StringProtocol) throws -> [UInt8] {
        var symbols = [UInt8]()
        symbols.reserveCapacity(text.utf8.count)
        for c in text.utf8 where !(c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) {
            symbols.append(c)
        }
        guard symbols.count % 4 == 0 else {
            throw CryptoError("crypto.malformed_base64", "base64 text has \(symbols.count) symbols, not a multiple of 4")
        }
        var padding = 0
        if symbols.last == UInt8(ascii: "=") { padding += 1 }
        if symbols.count >= 2, symbols[symbols.count - 2] == UInt8(ascii: "=") { padding += 1 }
        var out = [UInt8]()
        out.reserveCapacity(symbols.count / 4 * 3)
        var i = 0
        while i < symbols.count {
            var n: UInt32 = 0
            for j in 0..<4 {
                let c = symbols[i + j]
                let isPad = c == UInt8(ascii: "=") && i + 4 == symbols.count && j >= 4 - padding
                let v = isPad ? 0 : reverse[Int(c)]
                guard v >= 0 else {
                    throw CryptoError("crypto.malformed_base64", "base64 text has an invalid character at symbol \(i + j)")
                }
                n = n << 6 | UInt32(v)
            }
            out.append(UInt8(n >> 16 & 0xff))
            out.append(UInt8(n >> 8 & 0xff))
            out.append(UInt8(n & 0xff))
            i += 4
        }
        out.removeLast(padding)
        return out
    }
}
