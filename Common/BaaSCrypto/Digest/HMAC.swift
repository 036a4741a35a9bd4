internal import COpenSSL

/// Keyed message authentication (RFC 2104) over SHA-256 or SM3.
public enum HMAC {
    /// The HMAC of `message` under `key`. Thread-safe.
    public static func authenticate(key: [UInt8], message: [UInt8], algorithm: DigestAlgorithm) -> [UInt8] {
        compute(algorithm.evpMD, key: key, message: message)
    }

    private static func compute(_ md: OpaquePointer, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL wants valid pointers even for empty input; a one-byte buffer stands in.
        let keyBuffer = key.isEmpty ? [0] : key
        let messageBuffer = message.isEmpty ? [0] : message
        let result = keyBuffer.withUnsafeBytes { k in
            messageBuffer.withUnsafeBufferPointer { m in
                COpenSSL.HMAC(md, k.baseAddress, Int32(key.count), m.baseAddress, message.count, &out, &length)
            }
        }
        precondition(result != nil, "HMAC failed: \(OpenSSL.drainErrors())")
        return Array(out.prefix(Int(length)))
    }

    /// HMAC-SHA-1, for one-time passwords only (RFC 6238 TOTP as authenticator apps compute it);
    /// SHA-1 is not offered as a `DigestAlgorithm` so nothing else can pick it by accident.
    public static func authenticateSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        compute(Self.sha1, key: key, message: message)
    }

    nonisolated(unsafe) private static let sha1: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA1", nil) else { fatalError("OpenSSL has no SHA1 digest: \(OpenSSL.drainErrors())") }
        return md
    }()

    /// Whether `mac` is the HMAC of `message` under `key`, compared in constant time.
    public static func isValid(_ mac: [UInt8], key: [UInt8], message: [UInt8], algorithm: DigestAlgorithm) -> Bool {
        ConstantTime.equals(mac, authenticate(key: key, message: message, algorithm: algorithm))
    }
}
