import Foundation

/// What `baas-controller serve` needs: where the state lives, where to listen, TLS files and the
/// security policy. Read from a JSON config file, then overridden by command-line flags.
///
/// Example file (every key optional):
/// ```json
/// {"database": "/var/lib/baas/controller/controller.sqlite", "listen": "0.0.0.0:8443",
///  "tls_certificate": "/etc/baas/controller.pem", "tls_private_key": "/etc/baas/controller.key",
///  "self_sign_up": false, "session_lifetime_seconds": 43200, "max_failed_logins": 5,
///  "lockout_seconds": 900, "step_up_seconds": 300, "totp_issuer": "BaaS",
///  "admin_username": "admin", "admin_password_file": "/etc/baas/admin-password",
///  "requests_per_second": 50, "request_burst": 100, "gateway_listen": "0.0.0.0:8444",
///  "host_certificate_lifetime_seconds": 86400}
/// ```
public struct ControllerConfiguration: Sendable, Equatable {
    /// The SQLite file holding the controller's state.
    public var databasePath = "/var/lib/baas/controller/controller.sqlite"
    public var host = "127.0.0.1"
    public var port: UInt16 = 8443
    /// PEM files of the API's TLS certificate chain and key; both or neither.
    public var tlsCertificatePath: String?
    public var tlsPrivateKeyPath: String?
    /// Serve plain HTTP; only for local development behind something that terminates TLS.
    public var plainHTTP = false
    /// Requests each client address may make per second on average, and at once (429 beyond).
    public var requestsPerSecond: Double = 50
    public var requestBurst = 100
    public var policy = SecurityPolicy()
    public var totpIssuer = "BaaS"
    /// The first platform admin, created when the database has none.
    public var adminUsername = "admin"
    /// A file holding the first admin's password; when absent a random one is generated and printed once.
    public var adminPasswordFile: String?
    /// Where agents' channels are accepted (mutual TLS with platform-CA client certificates).
    public var gatewayHost = "127.0.0.1"
    /// `nil`: 8444, or an ephemeral port when the API itself listens on port 0 (tests).
    public var gatewayPort: UInt16?
    /// The gateway port to bind.
    public var effectiveGatewayPort: UInt16 { gatewayPort ?? (port == 0 ? 0 : 8444) }
    /// Lifetime of hosts' client certificates; agents renew at 2/3 of it.
    public var hostCertificateLifetime: TimeInterval = 86400
    /// Where the platform CA lives: next to the database.
    public var stateDirectory: String {
        let path = databasePath
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public init() {}

    static let fileKeys: Set<String> = [
        "database", "listen", "tls_certificate", "tls_private_key", "plain_http", "self_sign_up",
        "session_lifetime_seconds", "max_failed_logins", "lockout_seconds", "max_failures_per_address",
        "throttle_window_seconds", "step_up_seconds", "token_default_lifetime_seconds", "token_max_lifetime_seconds",
        "min_password_length", "totp_issuer", "admin_username", "admin_password_file", "requests_per_second",
        "request_burst", "gateway_listen", "host_certificate_lifetime_seconds",
    ]

    /// The configuration in the JSON file at `path`, on top of the defaults.
    ///
    /// - Throws: `ControllerError` `config_unreadable` / `config_invalid` (422) naming the key.
    public static func load(path: String) throws -> ControllerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ControllerError.invalid("config_unreadable", "Cannot read the config file \(path); check the path and its permissions.")
        }
        guard let values = try? JSONDecoder().decode([String: Value].self, from: data) else {
            throw ControllerError.invalid("config_invalid", "The config file \(path) is not a JSON object.")
        }
        var configuration = ControllerConfiguration()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard fileKeys.contains(key) else {
                throw ControllerError.invalid("config_invalid", "Unknown key '\(key)' in \(path); known keys: \(fileKeys.sorted().joined(separator: ", ")).")
            }
            try configuration.set(key, value, source: path)
        }
        return configuration
    }

    /// Applies `--key value` flags (the file's keys with `-` for `_`, plus `--config` which the
    /// caller has already read) and `--plain-http` / `--self-sign-up`.
    ///
    /// - Throws: `ControllerError` `usage` (422) for an unknown flag or a missing value.
    public mutating func apply(flags arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard flag.hasPrefix("--") else {
                throw ControllerError.invalid("usage", "Unexpected argument '\(flag)'; flags look like --database PATH.")
            }
            let key = String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_")
            if key == "plain_http" || key == "self_sign_up" {
                try set(key, .bool(true), source: "the command line")
                index += 1
                continue
            }
            guard key == "config" || Self.fileKeys.contains(key) else {
                throw ControllerError.invalid("usage", "Unknown flag \(flag); see --help.")
            }
            guard index + 1 < arguments.count else {
                throw ControllerError.invalid("usage", "The flag \(flag) needs a value.")
            }
            if key != "config" {
                let text = arguments[index + 1]
                try set(key, Int(text).map(Value.int) ?? .string(text), source: "the command line")
            }
            index += 2
        }
    }

    /// Checks combinations that no single key can. Without TLS files the API is served over HTTPS
    /// with a certificate from the platform CA.
    public func validate() throws {
        if (tlsCertificatePath == nil) != (tlsPrivateKeyPath == nil) {
            throw ControllerError.invalid("config_invalid", "Give both tls_certificate and tls_private_key, or neither.")
        }
    }

    /// One value of the file, typed as JSON types it (JSONSerialization on Linux would let `1` pass
    /// for `true`).
    enum Value: Decodable, Equatable {
        case bool(Bool)
        case int(Int)
        case string(String)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .int(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .other
            }
        }
    }

    private mutating func set(_ key: String, _ value: Value, source: String) throws {
        func string() throws -> String {
            guard case .string(let text) = value, !text.isEmpty else { throw wrong("a non-empty string") }
            return text
        }
        func integer(_ range: ClosedRange<Int>) throws -> Int {
            guard case .int(let number) = value, range.contains(number) else {
                throw wrong("an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func boolean() throws -> Bool {
            guard case .bool(let flag) = value else { throw wrong("true or false") }
            return flag
        }
        func wrong(_ expected: String) -> ControllerError {
            .invalid("config_invalid", "'\(key)' in \(source) must be \(expected).")
        }
        switch key {
        case "database": databasePath = try string()
        case "listen":
            let text = try string()
            guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
                throw wrong("host:port, such as 0.0.0.0:8443")
            }
            host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            self.port = port
        case "gateway_listen":
            let text = try string()
            guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
                throw wrong("host:port, such as 0.0.0.0:8444")
            }
            gatewayHost = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            gatewayPort = port
        case "host_certificate_lifetime_seconds": hostCertificateLifetime = TimeInterval(try integer(3...365 * 86400))
        case "tls_certificate": tlsCertificatePath = try string()
        case "tls_private_key": tlsPrivateKeyPath = try string()
        case "plain_http": plainHTTP = try boolean()
        case "self_sign_up": policy.selfSignUp = try boolean()
        case "session_lifetime_seconds": policy.sessionLifetime = TimeInterval(try integer(60...30 * 86400))
        case "max_failed_logins": policy.maximumFailedLogins = try integer(1...1000)
        case "lockout_seconds": policy.lockoutDuration = TimeInterval(try integer(1...86400))
        case "max_failures_per_address": policy.maximumFailuresPerAddress = try integer(1...100_000)
        case "throttle_window_seconds": policy.throttleWindow = TimeInterval(try integer(1...86400))
        case "step_up_seconds": policy.stepUpWindow = TimeInterval(try integer(10...3600))
        case "token_default_lifetime_seconds": policy.defaultTokenLifetime = TimeInterval(try integer(60...3650 * 86400))
        case "token_max_lifetime_seconds": policy.maximumTokenLifetime = TimeInterval(try integer(60...3650 * 86400))
        case "min_password_length": policy.minimumPasswordLength = try integer(8...1024)
        case "requests_per_second": requestsPerSecond = Double(try integer(1...1_000_000))
        case "request_burst": requestBurst = try integer(1...1_000_000)
        case "totp_issuer": totpIssuer = try string()
        case "admin_username": adminUsername = try string()
        case "admin_password_file": adminPasswordFile = try string()
        default: throw ControllerError.invalid("usage", "Unknown setting '\(key)'.")
        }
    }
}
