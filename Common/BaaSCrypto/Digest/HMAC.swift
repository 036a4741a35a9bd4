internal import COpenSSL

/// Keyed message authentication (RFC 2104) over SHA-256 or SM3.
public enum HMAC {
    /// The HMAC of `message` under `key`. Thread-safe.
    public static func authenticate(key: [UInt8], message: [UInt8], algorithm: DigestAlgorithm) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                COpenSSL.HMAC(algorithm.evpMD, k.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count),
                              m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        precondition(result != nil, "HMAC failed: \(OpenSSL.drainErrors())")
        return Array(out.prefix(Int(length)))
    }

    /// Whether `mac` is the HMAC of `message` under `key`, compared in constant time.
    public static func isValid(_ mac: [UInt8], key: [UInt8], message: [UInt8], algorithm: DigestAlgorithm) -> Bool {
        ConstantTime.equals(mac, authenticate(key: key, message: message, algorithm: algorithm))
    }
}
