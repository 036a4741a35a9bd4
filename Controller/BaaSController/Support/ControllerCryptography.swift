/// The cryptography the controller's domain needs, behind one seam so the domain does not depend on
/// how it is done (BaaSCrypto/OpenSSL in production: `OpenSSLCryptography`).
///
/// Implementations must be thread-safe. `hashPassword` and `verifyPassword` are slow on purpose
/// (scrypt) and block the calling thread.
public protocol ControllerCryptography: Sendable {
    /// SHA-256 of `bytes`.
    func sha256(_ bytes: [UInt8]) -> [UInt8]
    /// `count` bytes from a cryptographically secure generator.
    func randomBytes(count: Int) -> [UInt8]
    /// A self-describing password hash (algorithm, parameters, salt, digest) for storage.
    func hashPassword(_ password: String) throws -> String
    /// Whether `password` matches `hash` from `hashPassword`; compares in constant time.
    func verifyPassword(_ password: String, against hash: String) throws -> Bool
    /// HMAC-SHA1, for RFC 6238 TOTP.
    func hmacSHA1(key: [UInt8], message: [UInt8]) throws -> [UInt8]
}

extension ControllerCryptography {
    /// SHA-256 of a bearer secret as lower-case hex: how sessions and API tokens are stored.
    func secretHash(_ secret: String) -> String {
        hex(sha256(Array(secret.utf8)))
    }

    /// A random identifier `prefix_` + 16 bytes of hex.
    func newID(_ prefix: String) -> String {
        prefix + "_" + hex(randomBytes(count: 16))
    }

    /// A bearer secret `prefix_` + 32 random bytes in URL-safe base64 without padding.
    func newSecret(_ prefix: String) -> String {
        prefix + "_" + base64URL(randomBytes(count: 32))
    }
}

/// URL-safe base64 without padding (RFC 4648 §5).
func base64URL(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var out: [UInt8] = []
    var index = 0
    while index + 3 <= bytes.count {
        let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
        index += 3
    }
    let rest = bytes.count - index
    if rest == 1 {
        let n = UInt32(bytes[index]) << 16
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
    } else if rest == 2 {
        let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
    }
    return String(decoding: out, as: UTF8.self)
}
