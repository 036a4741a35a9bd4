/// A signature scheme: ECDSA on P-256 with SHA-256, or SM2 with SM3 (GB/T 32918).
///
/// SM2 signatures always use the default user id `1234567812345678` (GM/T 0009), which is also what
/// the `openssl` command must be given (`-pkeyopt distid:1234567812345678` / `-sigopt ...`).
public enum SignatureAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case p256
    case sm2

    /// The digest hashed into every signature.
    public var digest: DigestAlgorithm {
        switch self {
        case .p256: .sha256
        case .sm2: .sm3
        }
    }

    /// The X.509 name of the signature algorithm, as `openssl x509 -text` prints it.
    public var x509Name: String {
        switch self {
        case .p256: "ecdsa-with-SHA256"
        case .sm2: "SM2-with-SM3"
        }
    }

    /// The SM2 user id (distinguishing identifier) used for every SM2 signature.
    public static let sm2UserID = "1234567812345678"
}
