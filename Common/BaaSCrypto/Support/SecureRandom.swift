internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (seeded from the kernel).
public enum SecureRandom {
    /// `count` random bytes. Thread-safe.
    ///
    /// Failure means the DRBG cannot be seeded, and no key, salt or token may be made then, so it
    /// stops the process rather than return predictable bytes.
    public static func bytes(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        precondition(RAND_bytes(&out, Int32(count)) == 1, "RAND_bytes failed: \(OpenSSL.drainErrors())")
        return out
    }
}
