internal import COpenSSL

/// An incremental digest: feed data in pieces with `update`, then `finalize` once.
///
/// Not thread-safe: use one hasher per task. After `finalize` the hasher is reset and can be reused.
public final class DigestHasher {
    /// The algorithm this hasher computes.
    public let algorithm: DigestAlgorithm
    private let context: OpaquePointer

    /// A fresh hasher for `algorithm`.
    public init(algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        self.context = context
        reset()
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `bytes` to the message.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update(raw: $0) }
    }

    /// Adds the UTF-8 bytes of `text` to the message.
    public func update(_ text: String) {
        var text = text
        text.withUTF8 { update(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Adds the bytes in `buffer` to the message (no copy).
    public func update(raw buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Returns the digest of everything added since creation or the last `finalize`, and resets.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &out, &length) == 1, "EVP_DigestFinal_ex failed")
        reset()
        return Array(out.prefix(Int(length)))
    }

    private func reset() {
        precondition(EVP_DigestInit_ex2(context, algorithm.evpMD, nil) == 1, "EVP_DigestInit_ex2 failed")
    }
}
