import BaaSController
import Foundation
import Testing

/// Over real HTTPS: tenant A's users, with sessions or API tokens, get 404 for every object of
/// tenant B, and B is unchanged afterwards.
struct APITenantIsolationTests {
    @Test(arguments: TenantIsolationTests.cases)
    func tenantAGets404ForEverythingOfTenantB(role: Role, credential: TenantIsolationTests.Credential) async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        var bearer = try world.principalWithTOTP("a-\(role.rawValue)").bearer
        if credential == .token {
            let made = try await api.call("POST", "/v1/tokens", bearer: bearer, json: ["name": "all", "scopes": ["*"]])
            bearer = try #require(made["secret"] as? String)
        }
        let bOwner = try await api.login("b-tenant_owner")
        let bToken = try #require(try await api.call("POST", "/v1/tokens", bearer: bOwner, json: ["name": "b", "scopes": ["*"]])["token"] as? [String: Any])
        let bTokenID = try #require(bToken["id"] as? String)
        let b = world.tenantB.id
        let bUser = world.user("b-operator").id

        let attempts: [(String, String, [String: Any]?)] = [
            ("GET", "/v1/tenants/\(b)", nil),
            ("PATCH", "/v1/tenants/\(b)", ["display_name": "x"]),
            ("DELETE", "/v1/tenants/\(b)", nil),
            ("GET", "/v1/users?tenant_id=\(b)", nil),
            ("POST", "/v1/users", ["tenant_id": b, "username": "mole", "password": ControllerWorld.password, "role": "viewer"]),
            ("GET", "/v1/users/\(bUser)", nil),
            ("PATCH", "/v1/users/\(bUser)", ["display_name": "x"]),
            ("DELETE", "/v1/users/\(bUser)", nil),
            ("POST", "/v1/users/\(bUser)/password", ["new_password": "attacker's password"]),
            ("PUT", "/v1/users/\(bUser)/role", ["role": "viewer"]),
            ("DELETE", "/v1/users/\(bUser)/sessions", nil),
            ("GET", "/v1/tokens/\(bTokenID)", nil),
            ("DELETE", "/v1/tokens/\(bTokenID)", nil),
        ]
        for (method, path, body) in attempts {
            let reply = try await api.call(method, path, bearer: bearer, json: body)
            #expect(reply.status == 404, "\(role) \(credential) \(method) \(path): \(reply.status) \(reply.errorCode ?? "")")
            #expect(reply.errorCode == "controller.not_found")
        }
        // Same answer as for an id that does not exist at all.
        let missing = try await api.call("GET", "/v1/users/usr_doesnotexist", bearer: bearer)
        let foreign = try await api.call("GET", "/v1/users/\(bUser)", bearer: bearer)
        #expect(missing.body == foreign.body)

        let after = try await api.call("GET", "/v1/users/\(bUser)", bearer: bOwner)
        #expect(after["display_name"] as? String == "b-operator")
        #expect(after["role"] as? String == "operator")
        #expect(try await api.call("GET", "/v1/tokens/\(bTokenID)", bearer: bOwner)["revoked_at"] == nil)
        _ = try await api.login("b-operator")
    }
}
