import BaaSController
import BaaSCrypto
import BaaSNet
import Foundation

/// The controller API served over real HTTPS on 127.0.0.1 (a throwaway CA made with the `openssl`
/// CLI), with a client that trusts that CA. Stop it with `stop()`.
final class APIServer: @unchecked Sendable {
    struct Reply {
        let status: Int
        let json: [String: Any]
        let body: [UInt8]
        let headers: HTTPHeaders

        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
        subscript(key: String) -> Any? { json[key] }
    }

    let world: ControllerWorld
    let server: HTTPServer
    let client: HTTPClient

    init(world: ControllerWorld) throws {
        self.world = world
        let pki = try TestPKI.shared
        let serverTLS = try ReloadableTLSContext(
            configuration: TLSConfiguration(certificateChainPEM: pki.serverCertificatePEM, privateKeyPEM: pki.serverKeyPEM),
            role: .server)
        server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, tls: serverTLS),
                            router: ControllerAPI(domain: world.domain).router())
        try server.start()
        let clientTLS = try TLSContext(configuration: TLSConfiguration(trustedRootsPEM: pki.rootPEM), role: .client)
        client = HTTPClient(configuration: .init(tls: clientTLS, serverName: "localhost"))
    }

    func stop() {
        client.shutdown()
        server.stop()
    }

    /// Sends `method path` with an optional bearer and JSON body (a dictionary or raw text).
    func call(_ method: String, _ path: String, bearer: String? = nil, json: [String: Any]? = nil, raw: String? = nil,
              contentType: String = "application/json") async throws -> Reply {
        var headers = HTTPHeaders()
        if let bearer { headers.set("Authorization", "Bearer \(bearer)") }
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = Array(raw.utf8)
        }
        if !body.isEmpty { headers.set("Content-Type", contentType) }
        let response = try await client.send(method, path, headers: headers, body: body, host: "127.0.0.1", port: server.port)
        let object = response.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(response.body))
        return Reply(status: response.status, json: object as? [String: Any] ?? [:], body: response.body, headers: response.headers)
    }

    /// Logs in over HTTPS and returns the bearer token.
    func login(_ username: String, password: String = ControllerWorld.password, totp: String? = nil) async throws -> String {
        var body: [String: Any] = ["username": username, "password": password]
        if let totp { body["totp"] = totp }
        let reply = try await call("POST", "/v1/sessions", json: body)
        guard reply.status == 201, let token = reply["token"] as? String else {
            throw ControllerError.internal("test_login", "login of \(username) answered \(reply.status) \(reply.errorCode ?? "")")
        }
        return token
    }
}
