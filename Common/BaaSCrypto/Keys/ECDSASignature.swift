/// Conversions between the two encodings of an ECDSA/SM2 signature: DER `SEQUENCE { r, s }`
/// (X.509, TLS, `Signer`) and fixed-size `r‖s` (PKCS#11 `CKM_ECDSA`, many wire formats).
public enum ECDSASignature {
    /// DER from `r‖s` (two big-endian halves of equal length, 64 bytes for P-256 and SM2).
    ///
    /// - Throws: `crypto.malformed_signature` for an odd or empty length.
    public static func der(fromRaw raw: [UInt8]) throws -> [UInt8] {
        guard !raw.isEmpty, raw.count % 2 == 0, raw.count <= 132 else {
            throw CryptoError("crypto.malformed_signature", "a raw r‖s signature has an even, non-zero length; got \(raw.count) bytes")
        }
        let half = raw.count / 2
        let body = integer(raw[..<half]) + integer(raw[half...])
        return [0x30] + DER.length(body.count) + body
    }

    /// `r‖s` with each half left-padded to `componentSize` bytes, from a DER signature.
    ///
    /// - Throws: `crypto.malformed_signature` when the DER is not a SEQUENCE of two positive
    ///   INTEGERs that fit `componentSize`.
    public static func raw(fromDER der: [UInt8], componentSize: Int = 32) throws -> [UInt8] {
        let malformed = CryptoError("crypto.malformed_signature", "the signature is not a DER SEQUENCE of two integers of at most \(componentSize) bytes")
        guard let parts = try? DER.sequenceChildren(der), parts.count == 2 else { throw malformed }
        var out: [UInt8] = []
        for part in parts {
            let bytes = Array(part)
            guard bytes.first == 0x02, let element = try? DER.element(bytes, at: 0) else { throw malformed }
            var value = Array(bytes[element.valueStart...])
            guard let first = value.first, first & 0x80 == 0 else { throw malformed }
            while value.count > 1 && value.first == 0 { value.removeFirst() }
            guard value.count <= componentSize else { throw malformed }
            out += [UInt8](repeating: 0, count: componentSize - value.count) + value
        }
        return out
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var value = Array(bytes.drop { $0 == 0 })
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return [0x02] + DER.length(value.count) + value
    }
}
