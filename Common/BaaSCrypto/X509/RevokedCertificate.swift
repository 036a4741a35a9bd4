public import FoundationEssentials

/// One entry of a certificate revocation list.
public struct RevokedCertificate: Sendable, Hashable {
    /// The serial number, hex as `Certificate.serialNumber` gives it.
    public var serialNumber: String
    /// When the certificate was revoked.
    public var revocationDate: Date
    /// Why, if stated.
    public var reason: RevocationReason?

    /// An entry for `serialNumber` (hex).
    public init(serialNumber: String, revocationDate: Date, reason: RevocationReason? = nil) {
        self.serialNumber = serialNumber
        self.revocationDate = revocationDate
        self.reason = reason
    }
}

/// Serial numbers in canonical form: lower-case hex of the magnitude, even length, no leading
/// zero bytes (`"00"` for zero); nil when the text is not hex.
func canonicalSerial(_ text: String) -> String? {
    let digits = text.count % 2 == 1 ? "0" + text : text
    guard let bytes = try? Hex.decode(digits) else { return nil }
    let trimmed = bytes.drop { $0 == 0 }
    return trimmed.isEmpty ? "00" : Hex.encode(Array(trimmed))
}
