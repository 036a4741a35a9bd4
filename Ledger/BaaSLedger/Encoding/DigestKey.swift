/// A byte string (a digest, an address) as a dictionary key, hashed in one pass over its bytes:
/// `[UInt8]`'s own `Hashable` feeds the hasher one byte at a time, which showed up in node
/// profiles on the pool's and verifier's maps keyed by transaction hash.
struct DigestKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func == (a: DigestKey, b: DigestKey) -> Bool { a.bytes == b.bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
