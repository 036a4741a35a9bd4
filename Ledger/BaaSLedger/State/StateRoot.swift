import BaaSCrypto

/// The state root scheme: every state entry falls into one of 4,096 buckets by a hash of its key;
/// a bucket's digest is the chain hash of its entries sorted by key (each as length-prefixed key
/// and value), 32 zero bytes when empty; the root is the chain hash of the 4,096 bucket digests
/// in order.
///
/// A block only re-hashes the buckets it touched plus the 128 KiB of bucket digests, so the cost
/// per block grows with the block, not with the whole state (until buckets grow large: with a
/// million entries a bucket holds ~250). Bucket placement is public, so a user who grinds
/// notarisation keys can crowd one bucket and make writes to it dearer; each key costs a signed,
/// attributable transaction, and an admin can delete such keys.
enum StateRoot {
    static let bucketCount = 4096

    /// The bucket of an encoded state key (FNV-1a: cheap, and identical on every node).
    static func bucket(of key: [UInt8]) -> Int {
        var hash: UInt32 = 0x811c_9dc5
        for byte in key {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(bucketCount))
    }

    static let emptyBucket = [UInt8](repeating: 0, count: 32)

    /// The digest of one bucket's entries (in any order; sorted here).
    static func bucketDigest(_ entries: [([UInt8], [UInt8])], algorithm: DigestAlgorithm) -> [UInt8] {
        guard !entries.isEmpty else { return emptyBucket }
        var w = BinaryWriter(capacity: entries.count * 64)
        for (key, value) in entries.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
            w.byteString(key)
            w.byteString(value)
        }
        return Digest.hash(w.bytes, algorithm: algorithm)
    }

    /// The root over all bucket digests.
    static func root(_ buckets: [[UInt8]], algorithm: DigestAlgorithm) -> [UInt8] {
        let hasher = DigestHasher(algorithm: algorithm)
        for digest in buckets { hasher.update(digest) }
        return hasher.finalize()
    }
}
