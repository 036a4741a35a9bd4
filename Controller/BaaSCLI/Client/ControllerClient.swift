import BaaSCrypto
import BaaSNet
import Foundation

/// The controller's `/v1` API as typed calls; every `baasctl` command goes through it.
///
/// Answers are kept as `JSONValue` so commands can print them whole. Calls suspend until the
/// answer arrived (30 s at most). Safe to share between tasks.
///
/// Errors: `HTTPError` with the API's status, code and message for a non-2xx answer;
/// `CLIError` `cli.unreachable` when no connection or TLS handshake succeeded (the message says
/// what to check), `cli.bad_response` for an answer that is not the API's JSON.
public struct ControllerClient: Sendable {
    public let endpoint: ControllerEndpoint
    public let address: String
    /// The bearer token sent with every call (nil before login).
    public var token: String?
    let caFile: String?
    let http: HTTPClient

    /// A client for `address`; with `caFile` it trusts that CA, otherwise the system's roots.
    /// - Throws: `CLIError` for a bad address or an unreadable or invalid CA file.
    public init(address: String, token: String?, caFile: String?) throws {
        endpoint = try ControllerEndpoint(address)
        self.address = address
        self.token = token
        self.caFile = caFile
        var tls: TLSContext?
        if endpoint.secure {
            tls = try Self.tlsContext(caFile: caFile)
        }
        http = HTTPClient(configuration: .init(tls: tls, maxIdleConnectionsPerHost: 2, requestTimeout: .seconds(30)))
    }

    static func tlsContext(caFile: String?) throws -> TLSContext {
        let path = caFile ?? "/etc/ssl/certs/ca-certificates.crt"
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw caFile == nil
                ? CLIError.file("No system CA bundle at \(path); pass the controller's CA with --ca-file PEM or BAAS_CA_FILE.")
                : CLIError.file("Cannot read the CA file \(path); check --ca-file or BAAS_CA_FILE.")
        }
        do {
            return try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: pem), role: .client)
        } catch {
            throw CLIError.file("\(path) holds no usable CA certificate (PEM); check --ca-file or BAAS_CA_FILE.")
        }
    }

    // MARK: - Calls

    /// Sends one request; `nil` for an answer without a body (204). Later commands (networks,
    /// nodes …) build their typed calls on this.
    public func call(_ method: String, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil) async throws -> JSONValue? {
        var target = path
        let pairs = query.compactMap { name, value in value.map { "\(Self.escape(name))=\(Self.escape($0))" } }
        if !pairs.isEmpty { target += "?" + pairs.joined(separator: "&") }
        var headers = HTTPHeaders()
        headers.set("Accept", "application/json")
        if let token { headers.set("Authorization", "Bearer \(token)") }
        var payload: [UInt8] = []
        if let body {
            payload = Array((try? JSONEncoder().encode(body)) ?? Data())
            headers.set("Content-Type", "application/json")
        }
        let response: HTTPResponse
        do {
            response = try await http.send(method, target, headers: headers, body: payload,
                                           host: endpoint.host, port: endpoint.port)
        } catch let error as NetError {
            throw Self.unreachable(error, address: address, secure: endpoint.secure, caFile: caFile)
        }
        guard (200..<300).contains(response.status) else {
            let answer = try? JSONValue.parse(response.body)
            let code = answer?["error"]["code"].string ?? "http_\(response.status)"
            let message = answer?["error"]["message"].string ?? "the controller answered HTTP \(response.status)"
            throw HTTPError(status: response.status, code: code, message: message)
        }
        if response.body.isEmpty { return nil }
        return try JSONValue.parse(response.body)
    }

    /// `call` for answers that must have a body.
    func value(_ method: String, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil) async throws -> JSONValue {
        guard let answer = try await call(method, path, query: query, body: body) else {
            throw CLIError.badResponse("The controller sent an empty answer to \(method) \(path).")
        }
        return answer
    }

    static func unreachable(_ error: NetError, address: String, secure: Bool, caFile: String?) -> CLIError {
        if error.code.hasPrefix("net.tls") {
            let trust = caFile.map { "the CA file \($0)" } ?? "the system CA bundle (pass the controller's CA with --ca-file)"
            return CLIError.unreachable("TLS with the controller at \(address) failed (\(error.message)); check \(trust) and that the address names the controller's certificate.")
        }
        let scheme = secure ? "" : "; a TLS controller needs https://"
        return CLIError.unreachable("Cannot reach the controller at \(address) (\(error.message)); check the address (--controller, BAAS_CONTROLLER) and that the controller is running\(scheme).")
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func segment(_ id: String) -> String { escape(id) }
}
