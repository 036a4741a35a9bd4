import BaaSCrypto

/// `ControllerCryptography` on BaaSCrypto (OpenSSL): SHA-256, the system's secure random source,
/// scrypt password hashes, HMAC-SHA1.
public struct OpenSSLCryptography: ControllerCryptography {
    /// scrypt costs for new password hashes; existing hashes carry their own.
    public var passwordParameters: PasswordHasher.Parameters

    /// - Parameter passwordParameters: `.standard` in production; tests may pass cheaper ones.
    public init(passwordParameters: PasswordHasher.Parameters = .standard) {
        self.passwordParameters = passwordParameters
    }

    public func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Digest.hash(bytes, algorithm: .sha256)
    }

    public func randomBytes(count: Int) -> [UInt8] {
        SecureRandom.bytes(count: count)
    }

    public func hashPassword(_ password: String) throws -> String {
        PasswordHasher.hash(password: password, parameters: passwordParameters)
    }

    public func verifyPassword(_ password: String, against hash: String) throws -> Bool {
        PasswordHasher.verify(password: password, encoded: hash)
    }

    public func hmacSHA1(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        try HMACSHA1.authenticationCode(key: key, message: message)
    }
}
