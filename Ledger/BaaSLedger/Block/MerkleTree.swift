import BaaSCrypto

/// Binary Merkle roots over 32-byte leaf hashes. Leaves and inner nodes are hashed with distinct
/// prefixes (0x00, 0x01) and an odd node is promoted unpaired, so no two different lists share a
/// root (unlike Bitcoin's duplicate-last rule). The root of no leaves is 32 zero bytes.
public enum MerkleTree {
    /// The root of `leaves` under `algorithm`.
    public static func root(_ leaves: [[UInt8]], algorithm: DigestAlgorithm) -> [UInt8] {
        guard !leaves.isEmpty else { return [UInt8](repeating: 0, count: 32) }
        var level = leaves.map { Digest.hash([0x00] + $0, algorithm: algorithm) }
        while level.count > 1 {
            var next: [[UInt8]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(Digest.hash([0x01] + level[index] + level[index + 1], algorithm: algorithm))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level[0]
    }
}
