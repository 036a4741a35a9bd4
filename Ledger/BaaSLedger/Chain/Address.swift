import BaaSCrypto
import BaaSEVM

/// A 20-byte account address, derived from a signer's public key by Ethereum's rule for P-256 and
/// SM2 alike: the last 20 bytes of Keccak-256 over the uncompressed point `X‖Y` (64 bytes, the
/// `04` prefix dropped).
///
/// Keccak-256 is used whatever the chain's hash algorithm, so that contract code (which sees
/// addresses through the EVM) and tools agree on them. Two keys on different curves with the same
/// coordinates would share an address; a network uses one curve, so this cannot happen within it.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// An address from exactly 20 bytes, nil otherwise.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// Parses 40 hex digits with or without `0x`.
    public init?(hex text: String) {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard digits.count == 40, let raw = try? BaaSCrypto.Hex.decode(digits) else { return nil }
        self.bytes = raw
    }

    /// The address of the holder of `publicKey`.
    public init(publicKey: PublicKey) {
        let point = publicKey.rawPoint()
        bytes = Array(Keccak256.hash(point.dropFirst()).suffix(20))
    }

    /// The all-zero address.
    public static let zero = Address(bytes: [UInt8](repeating: 0, count: 20))!

    /// `0x` and 40 lower-case hex digits.
    public var description: String { "0x" + BaaSCrypto.Hex.encode(bytes) }

    public static func < (a: Address, b: Address) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// Hashes the 20 bytes in one pass (an array's own hashing goes byte by byte).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
