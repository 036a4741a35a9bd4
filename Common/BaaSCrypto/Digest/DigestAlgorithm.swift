internal import COpenSSL

/// A hash function: SHA-256, or SM3 (the Chinese national hash, GB/T 32905).
public enum DigestAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case sha256
    case sm3

    /// The digest length in bytes (32 for both).
    public var outputSize: Int { 32 }

    /// OpenSSL's name for the algorithm (the name `openssl dgst -<name>` accepts).
    public var openSSLName: String {
        switch self {
        case .sha256: "SHA256"
        case .sm3: "SM3"
        }
    }

    /// The fetched implementation, shared by every thread (EVP_MD objects are immutable).
    var evpMD: OpaquePointer {
        switch self {
        case .sha256: Self.sha256MD
        case .sm3: Self.sm3MD
        }
    }

    nonisolated(unsafe) private static let sha256MD: OpaquePointer = fetch("SHA256")
    nonisolated(unsafe) private static let sm3MD: OpaquePointer = fetch("SM3")

    private static func fetch(_ name: String) -> OpaquePointer {
        guard let md = EVP_MD_fetch(nil, name, nil) else {
            // The default provider always has both; without it nothing in this module can work.
            fatalError("OpenSSL has no \(name) digest: \(OpenSSL.drainErrors())")
        }
        return md
    }
}
