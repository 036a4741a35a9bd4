internal import COpenSSL

/// One-shot message digests.
public enum Digest {
    /// The digest of `bytes` under `algorithm`. Thread-safe.
    public static func hash(_ bytes: [UInt8], algorithm: DigestAlgorithm) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, algorithm.evpMD, nil)
        }
        // EVP_Digest fails only when memory runs out; there is nothing sensible to return then.
        precondition(ok == 1, "EVP_Digest failed: \(OpenSSL.drainErrors())")
        return Array(out.prefix(Int(length)))
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String, algorithm: DigestAlgorithm) -> [UInt8] {
        hash(Array(text.utf8), algorithm: algorithm)
    }
}
