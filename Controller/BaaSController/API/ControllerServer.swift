import BaaSCore
import BaaSCrypto
import BaaSNet
import Foundation

/// The running controller API: state opened from the configured SQLite file, the first platform
/// admin created when there is none, the `/v1` API served over HTTPS (with a platform-CA
/// certificate unless one is configured), and the agent gateway next to it.
///
/// A `Service`: `run` binds, serves until its task is cancelled, then stops the server.
public final class ControllerServer: Service, @unchecked Sendable {
    public let configuration: ControllerConfiguration
    public let domain: ControllerDomain
    let server: HTTPServer
    let logger: Logger
    /// Set when the first admin was created with a generated password, which is printed once.
    public let generatedAdminPassword: String?
    /// The platform root CA (hosts, and the API's certificate when none is configured).
    public let platformCA: PlatformCA
    /// Hosts: join tokens, enrollment, registry.
    public let hosts: HostService
    /// The agents' channel endpoint.
    public let gateway: AgentGateway
    private let gatewayTLS: ReloadableTLSContext
    /// Networks and their deployment jobs.
    public let networks: NetworkService

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
        platformCA = try PlatformCA.loadOrCreate(directory: configuration.stateDirectory)
        let serverKey = PrivateKey.generate(.p256)
        let serverCertificate = try platformCA.issueServerCertificate(
            names: PlatformCA.serverNames(listenHost: configuration.host) + PlatformCA.serverNames(listenHost: configuration.gatewayHost),
            key: serverKey)
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
        } else if !configuration.plainHTTP {
            tls = try ReloadableTLSContext(configuration: TLSConfiguration(certificateChainPEM: serverCertificate.pem(),
                                                                           privateKeyPEM: serverKey.pemPKCS8()),
                                           role: .server)
        }
        let hostStore = HostStore(database: store.database)
        gateway = try AgentGateway(store: hostStore, ca: platformCA, audit: domain.audit,
                                   certificateLifetime: configuration.hostCertificateLifetime, logger: logger)
        gatewayTLS = try gateway.serverTLS(certificate: serverCertificate, key: serverKey)
        hosts = HostService(store: hostStore, ca: platformCA, gateway: gateway, domain: domain, crypto: crypto, clock: clock,
                            certificateLifetime: configuration.hostCertificateLifetime)
        networks = NetworkService(store: NetworkStore(database: store.database), hosts: hosts, domain: domain, crypto: crypto,
                                  clock: clock, logger: logger)
        let api = ControllerAPI(domain: domain, hosts: hosts, networks: networks, logger: logger)
        let router = api.router()
        let middleware: [any HTTPMiddleware] = [
            RequestIDMiddleware(),
            AccessLogMiddleware(sink: { [logger] line in logger.info(line) }),
            RateLimitMiddleware(limiter: TokenBucketRateLimiter(perSecond: configuration.requestsPerSecond,
                                                                burst: configuration.requestBurst)),
        ]
        server = HTTPServer(configuration: .init(host: configuration.host, port: configuration.port, tls: tls,
                                                 log: { [logger] line in logger.warning(line) }),
                            router: router, middleware: middleware)
    }

    /// The bound port once `run` has started (0 before).
    public var port: UInt16 { server.port }

    /// The bound gateway port once `run` has started (0 before).
    public var gatewayPort: UInt16 { gateway.port }

    /// `host:port` of the agent gateway once bound.
    public var gatewayAddress: String {
        let host = configuration.gatewayHost.contains(":") ? "[\(configuration.gatewayHost)]" : configuration.gatewayHost
        return "\(host):\(gatewayPort)"
    }

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
        _ = try gateway.start(host: configuration.gatewayHost, port: configuration.effectiveGatewayPort, tls: gatewayTLS)
        defer { gateway.close() }
        try server.start()
        logger.info("serving the controller API", ["url": .string(url), "gateway": .string(gatewayAddress)])
        defer { server.stop() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }
}
