import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation

/// The running controller API: state opened from the configured SQLite file, the first platform
/// admin created when there is none, and the `/v1` API served over HTTPS.
///
/// A `Service`: `run` binds, serves until its task is cancelled, then stops the server.
public final class ControllerServer: Service, @unchecked Sendable {
    public let configuration: ControllerConfiguration
    public let domain: ControllerDomain
    let server: HTTPServer
    let logger: Logger
    /// Set when the first admin was created with a generated password, which is printed once.
    public let generatedAdminPassword: String?

    /// Opens the state and prepares the server without binding yet.
    ///
    /// - Throws: `ControllerError` for a bad configuration or unreadable files, `SQLiteError` when
    ///   the database cannot be opened or migrated, `CryptoError` for bad TLS files.
    public init(configuration: ControllerConfiguration, clock: any WallClock = SystemWallClock(),
                crypto: any ControllerCryptography = OpenSSLCryptography(),
                logger: Logger = Logger(label: "baas-controller")) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        let store = try SQLiteControllerStore(path: configuration.databasePath)
        domain = try ControllerDomain(store: store, crypto: crypto, clock: clock, policy: configuration.policy,
                                      issuer: configuration.totpIssuer)

        var password: String
        var generated = false
        if let file = configuration.adminPasswordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ControllerError.invalid("config_unreadable", "Cannot read admin_password_file \(file).")
            }
            password = text.trimmingCharacters(in: .newlines)
        } else {
            password = base64URL(crypto.randomBytes(count: 18))
            generated = true
        }
        let created = try domain.accounts.bootstrapPlatformAdmin(username: configuration.adminUsername, password: password)
        generatedAdminPassword = created != nil && generated ? password : nil
        password = ""

        var tls: ReloadableTLSContext?
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsPrivateKeyPath {
            guard let chain = try? String(contentsOfFile: certificate, encoding: .utf8),
                  let keyPEM = try? String(contentsOfFile: key, encoding: .utf8) else {
                throw ControllerError.invalid("config_unreadable", "Cannot read the TLS files \(certificate) and \(key).")
            }
            tls = try ReloadableTLSContext(configuration: TLSConfiguration(certificateChainPEM: chain, privateKeyPEM: keyPEM),
                                           role: .server)
        }
        let api = ControllerAPI(domain: domain, logger: logger)
        let middleware: [any HTTPMiddleware] = [
            RequestIDMiddleware(),
            AccessLogMiddleware(sink: { [logger] line in logger.info(line) }),
            RateLimitMiddleware(limiter: TokenBucketRateLimiter(perSecond: configuration.requestsPerSecond,
                                                                burst: configuration.requestBurst)),
        ]
        server = HTTPServer(configuration: .init(host: configuration.host, port: configuration.port, tls: tls,
                                                 log: { [logger] line in logger.warning(line) }),
                            router: api.router(), middleware: middleware)
    }

    /// The bound port once `run` has started (0 before).
    public var port: UInt16 { server.port }

    /// The API's base URL once bound.
    public var url: String {
        let scheme = configuration.plainHTTP && configuration.tlsCertificatePath == nil ? "http" : "https"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(scheme)://\(host):\(port)"
    }

    /// Binds and serves until cancelled.
    ///
    /// - Throws: `NetError` `net.listen` when the address is taken.
    public func run() async throws {
        try server.start()
        logger.info("serving the controller API", ["url": .string(url)])
        defer { server.stop() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }
}
