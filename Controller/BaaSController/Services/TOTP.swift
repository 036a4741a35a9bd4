import Foundation

/// RFC 6238 time-based one-time passwords with HMAC-SHA1, the variant every authenticator app
/// supports: a code is the RFC 4226 HOTP of the number of `period`-second steps since 1970.
///
/// Thread-safe: a value.
public struct TOTP: Sendable {
    public var digits: Int
    public var period: Int64
    /// How many steps before and after the current one are still accepted (clock drift).
    public var window: Int64

    public init(digits: Int = 6, period: Int64 = 30, window: Int64 = 1) {
        self.digits = digits
        self.period = period
        self.window = window
    }

    /// The time step containing `date`.
    public func step(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / period
    }

    /// The code for `step`, zero-padded to `digits`.
    public func code(secret: [UInt8], step: Int64, crypto: any ControllerCryptography) throws -> String {
        let counter = UInt64(bitPattern: step)
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = try crypto.hmacSHA1(key: secret, message: message)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The code for the step containing `date`.
    public func code(secret: [UInt8], at date: Date, crypto: any ControllerCryptography) throws -> String {
        try code(secret: secret, step: step(at: date), crypto: crypto)
    }

    /// The step `code` belongs to within ±`window` of `date`, or `nil` when it matches none.
    /// Compares every candidate in full so timing does not reveal which one matched.
    public func matchingStep(_ code: String, secret: [UInt8], at date: Date,
                             crypto: any ControllerCryptography) throws -> Int64? {
        let given = Array(code.utf8)
        let current = step(at: date)
        var found: Int64?
        for candidate in (current - window)...(current + window) {
            let expected = Array(try self.code(secret: secret, step: candidate, crypto: crypto).utf8)
            if expected.count == given.count {
                var difference: UInt8 = 0
                for index in expected.indices { difference |= expected[index] ^ given[index] }
                if difference == 0 && found == nil { found = candidate }
            }
        }
        return found
    }

    /// The `otpauth://` URI authenticator apps scan as a QR code.
    public func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}
