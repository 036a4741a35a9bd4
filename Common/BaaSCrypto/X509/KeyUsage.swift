/// The X.509 key usage bits (RFC 5280 4.2.1.3); raw values are OpenSSL's `KU_*` values.
public struct KeyUsage: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt16

    /// Bits as OpenSSL's `X509_get_key_usage` reports them.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Verify signatures other than on certificates and CRLs (TLS, transactions).
    public static let digitalSignature = KeyUsage(rawValue: 0x0080)
    /// Signatures meant as commitments (also called contentCommitment).
    public static let nonRepudiation = KeyUsage(rawValue: 0x0040)
    /// Encrypt keys (RSA key transport; unused with EC keys).
    public static let keyEncipherment = KeyUsage(rawValue: 0x0020)
    /// Encrypt data directly with the public key.
    public static let dataEncipherment = KeyUsage(rawValue: 0x0010)
    /// Key agreement (static ECDH).
    public static let keyAgreement = KeyUsage(rawValue: 0x0008)
    /// Sign certificates (CAs only).
    public static let keyCertSign = KeyUsage(rawValue: 0x0004)
    /// Sign revocation lists (CAs only).
    public static let cRLSign = KeyUsage(rawValue: 0x0002)
    /// With keyAgreement: only encipher.
    public static let encipherOnly = KeyUsage(rawValue: 0x0001)
    /// With keyAgreement: only decipher.
    public static let decipherOnly = KeyUsage(rawValue: 0x8000)

    /// What a CA needs: sign certificates and CRLs.
    public static let certificateAuthority: KeyUsage = [.keyCertSign, .cRLSign, .digitalSignature]

    /// OpenSSL configuration names, in a fixed order.
    var configurationNames: [String] {
        let names: [(KeyUsage, String)] = [
            (.digitalSignature, "digitalSignature"), (.nonRepudiation, "nonRepudiation"),
            (.keyEncipherment, "keyEncipherment"), (.dataEncipherment, "dataEncipherment"),
            (.keyAgreement, "keyAgreement"), (.keyCertSign, "keyCertSign"), (.cRLSign, "cRLSign"),
            (.encipherOnly, "encipherOnly"), (.decipherOnly, "decipherOnly"),
        ]
        return names.filter { contains($0.0) }.map(\.1)
    }
}
