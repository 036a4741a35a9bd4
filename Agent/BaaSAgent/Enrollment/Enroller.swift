import FoundationEssentials
import BaaSCore
import BaaSCrypto
import BaaSNet

/// Enrolls this host with a controller using a one-time join token.
///
/// Over the controller's HTTPS API port: `GET /v1/hosts/ca` fetches the platform root without
/// trusting anything; its SHA-256 must equal the pin in the token (else nothing more is sent);
/// then `POST /v1/hosts/enroll` goes over TLS that trusts only that root, carrying the token and a
/// CSR for the agent's key. The answer (host id, short-lived client certificate, gateway port) is
/// stored in the state directory. Requires the API certificate to be issued by the platform CA,
/// which it is unless the operator configured another one.
public struct Enroller: Sendable {
    public let configuration: AgentConfiguration
    public let logger: Logger

    public init(configuration: AgentConfiguration, logger: Logger = Logger(label: "baas-agent")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Enrolls with the controller API at `host:port`.
    ///
    /// - Throws: `AgentError` `agent.bad_token`, `agent.pin_mismatch`, `agent.enroll_refused` (the
    ///   controller's reason: expired, used or unknown token), `agent.controller_unreachable`.
    @discardableResult
    public func enroll(host: String, port: UInt16, token text: String) async throws -> AgentIdentity {
        let token = try JoinToken(parsing: text)
        let directory = configuration.stateDirectory
        try AgentFiles.makeDirectory(directory)

        let probe = HTTPClient(configuration: .init(tls: try TLSContext(configuration: TLSConfiguration(verifyServer: false), role: .client),
                                                    requestTimeout: .seconds(15)))
        defer { probe.shutdown() }
        let caAnswer: CAResponse
        do {
            caAnswer = try await probe.json("GET", "/v1/hosts/ca", host: host, port: port)
        } catch {
            throw AgentError("agent.controller_unreachable", "Cannot fetch the controller's root certificate from \(host):\(port): \(error)")
        }
        let ca = try Certificate(pem: caAnswer.certificate)
        guard ca.fingerprintSHA256.lowercased() == token.controllerPinSHA256 else {
            throw AgentError("agent.pin_mismatch", "The controller at \(host):\(port) presents a root certificate whose SHA-256 (\(ca.fingerprintSHA256.prefix(16))…) does not match the join token's pin (\(token.controllerPinSHA256.prefix(16))…); this is the wrong controller or someone is intercepting. Nothing was sent.")
        }

        let key = try AgentKeyStore(configuration: configuration).key(create: true)
        let name = configuration.name ?? HostFacts.hostName()
        let csr = try CertificateSigningRequest(subject: DistinguishedName(commonName: name), signer: key)
        let facts = HostFacts.gather(diskPaths: diskPaths, labels: configuration.labels, engines: configuration.engines,
                                     hsm: configuration.hostHSM)
        let pinned = HTTPClient(configuration: .init(tls: try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: ca.pem()), role: .client),
                                                     requestTimeout: .seconds(30)))
        defer { pinned.shutdown() }
        let response: [UInt8]
        do {
            let answer = try await pinned.send("POST", "/v1/hosts/enroll", headers: ["Content-Type": "application/json"],
                                               body: AgentWire.encode(EnrollmentRequest(token: token.text, csr: csr.pem(), name: name, facts: facts)),
                                               host: host, port: port)
            guard answer.status == 201 || answer.status == 200 else {
                let reason = (try? AgentWire.decode(ErrorEnvelope.self, from: answer.body))?.error.message ?? "status \(answer.status)"
                throw AgentError("agent.enroll_refused", "The controller refused the enrollment: \(reason)")
            }
            response = answer.body
        } catch let error as AgentError {
            throw error
        } catch {
            throw AgentError("agent.controller_unreachable", "Cannot enroll with \(host):\(port) over the pinned connection: \(error)")
        }
        let enrolled = try AgentWire.decode(EnrollmentResponse.self, from: response)
        let certificate = try Certificate(pem: enrolled.certificate)
        guard certificate.isSigned(by: ca.publicKey), certificate.publicKey == key.publicKey else {
            throw AgentError("agent.enroll_refused", "The controller returned a certificate that is not for this key or not from its root; enroll again.")
        }
        try AgentFiles.save(ca.pem(), to: AgentIdentity.caPath(directory), mode: 0o644)
        try AgentFiles.save(certificate.pem(), to: AgentIdentity.certificatePath(directory), mode: 0o644)
        let identity = AgentIdentity(hostID: enrolled.hostID, controllerHost: host, apiPort: port, gatewayPort: enrolled.gatewayPort)
        try identity.save(directory: directory)
        logger.notice("enrolled with the controller", ["host_id": .string(identity.hostID),
                                                        "controller": .string("\(host):\(port)"),
                                                        "expires": .string("\(certificate.notAfter)")])
        return identity
    }

    var diskPaths: [String] { configuration.diskPaths.isEmpty ? [configuration.stateDirectory] : configuration.diskPaths }

    struct CAResponse: Decodable {
        var certificate: String
    }

    struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}
