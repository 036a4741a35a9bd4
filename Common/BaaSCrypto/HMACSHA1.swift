internal import COpenSSL

/// HMAC with SHA-1 (RFC 2104), the MAC that RFC 6238 TOTP authenticators use.
///
/// SHA-1 is kept for interoperability with authenticator apps only; use SHA-256 for anything new.
/// Thread-safe: a pure function of its inputs.
public enum HMACSHA1 {
    /// The length of a tag in bytes.
    public static let tagLength = 20

    /// The 20-byte HMAC-SHA1 of `message` under `key`.
    ///
    /// - Throws: `CryptoError` with code `crypto.hmac_failed` if OpenSSL refuses (it does not for
    ///   any key or message length that fits in memory).
    public static func authenticationCode(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: 64)
        var tagLength: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                tag.withUnsafeMutableBytes { tagBytes in
                    COpenSSL.HMAC(EVP_sha1(), keyBytes.baseAddress, Int32(keyBytes.count),
                         messageBytes.bindMemory(to: UInt8.self).baseAddress, messageBytes.count,
                         tagBytes.bindMemory(to: UInt8.self).baseAddress, &tagLength)
                }
            }
        }
        guard result != nil, Int(tagLength) == Self.tagLength else {
            throw CryptoError("crypto.hmac_failed", "OpenSSL could not compute an HMAC-SHA1; check that the OpenSSL default provider is available.")
        }
        return Array(tag.prefix(Int(tagLength)))
    }
}
