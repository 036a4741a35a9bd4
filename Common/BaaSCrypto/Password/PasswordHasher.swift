internal import COpenSSL

/// Password hashing with scrypt (RFC 7914) for stored user credentials.
///
/// The encoded form is self-describing, `scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt base64>$<hash base64>`,
/// so parameters can be raised later without invalidating stored hashes. The default costs
/// (N = 2^14, r = 8, p = 1: 16 MiB, about 50 ms on one core) suit a small server; hashing blocks the
/// calling thread for that long, so call it off latency-sensitive threads. Thread-safe.
public enum PasswordHasher {
    /// scrypt cost parameters.
    public struct Parameters: Sendable, Equatable {
        /// log2 of the CPU/memory cost N.
        public var logN: Int
        /// Block size.
        public var r: Int
        /// Parallelism.
        public var p: Int

        /// Explicit parameters (checked when used).
        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// The default for new hashes.
        public static let standard = Parameters(logN: 14, r: 8, p: 1)

        /// Bytes of memory scrypt needs with these parameters.
        var memory: UInt64 { 128 * UInt64(r) * (UInt64(1) << UInt64(logN)) * UInt64(p) + 1024 * UInt64(r) }

        /// Bounds that stop a forged encoded string from costing a server minutes or gigabytes.
        var isAcceptable: Bool { (10...20).contains(logN) && (1...32).contains(r) && (1...16).contains(p) && memory <= 1 << 30 }
    }

    private static let saltLength = 16
    private static let hashLength = 32

    /// Hashes `password` with a fresh random salt; returns the encoded string to store.
    public static func hash(password: String, parameters: Parameters = .standard) -> String {
        precondition(parameters.isAcceptable, "scrypt parameters out of range: \(parameters)")
        let salt = SecureRandom.bytes(count: saltLength)
        guard let derived = scrypt(password: password, salt: salt, parameters: parameters, length: hashLength) else {
            // Only running out of memory makes scrypt fail with acceptable parameters.
            fatalError("scrypt failed with \(parameters)")
        }
        return "scrypt$ln=\(parameters.logN),r=\(parameters.r),p=\(parameters.p)$\(Base64.encode(salt))$\(Base64.encode(derived))"
    }

    /// Whether `password` matches `encoded` (compared in constant time). A malformed encoded string
    /// or out-of-range parameters give `false`.
    public static func verify(password: String, encoded: String) -> Bool {
        guard let (parameters, salt, expected) = parse(encoded),
              let derived = scrypt(password: password, salt: salt, parameters: parameters, length: expected.count) else {
            return false
        }
        return ConstantTime.equals(derived, expected)
    }

    /// The parameters recorded in `encoded`, or nil when it is not a hash from this type;
    /// lets a caller re-hash on login when they are weaker than `Parameters.standard`.
    public static func parameters(of encoded: String) -> Parameters? {
        parse(encoded)?.0
    }

    private static func parse(_ encoded: String) -> (Parameters, [UInt8], [UInt8])? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "scrypt" else { return nil }
        var values: [Substring: Int] = [:]
        for field in parts[1].split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            values[pair[0]] = value
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"] else { return nil }
        let parameters = Parameters(logN: logN, r: r, p: p)
        guard parameters.isAcceptable,
              let salt = try? Base64.decode(parts[2]), !salt.isEmpty,
              let hash = try? Base64.decode(parts[3]), (16...64).contains(hash.count) else { return nil }
        return (parameters, salt, hash)
    }

    private static func scrypt(password: String, salt: [UInt8], parameters: Parameters, length: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        // The terminator keeps the buffer non-empty (a valid pointer) for an empty password.
        let utf8 = Array(password.utf8) + [0]
        let ok = utf8.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { pass in
                EVP_PBE_scrypt(pass.baseAddress, pass.count - 1, salt, salt.count,
                               UInt64(1) << UInt64(parameters.logN), UInt64(parameters.r), UInt64(parameters.p),
                               parameters.memory + 4096, &out, length)
            }
        }
        guard ok == 1 else {
            OpenSSL.clearErrors()
            return nil
        }
        return out
    }
}
