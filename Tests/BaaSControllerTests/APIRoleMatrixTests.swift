import BaaSController
import Foundation
import Testing

/// Every endpoint, called over real HTTPS by every role (and by nobody), answers with the status
/// the permission rules promise. Tenant roles are of tenant A; tenant B's objects answer 404.
struct APIRoleMatrixTests {
    static let actors = ["root", "owner", "admin", "operator", "auditor", "viewer", "anonymous"]
    static let tenantActors = ["owner", "admin", "operator", "auditor", "viewer"]

    struct Step {
        let method: String
        let path: String
        var body: [String: Any]?
        let expected: [String: Int]
    }

    /// `status` for `actors`, `otherwise` for every other authenticated actor, 401 for anonymous.
    static func only(_ actors: [String], _ status: Int, otherwise: Int = 403) -> [String: Int] {
        var table: [String: Int] = ["anonymous": 401]
        for actor in Self.actors where actor != "anonymous" { table[actor] = actors.contains(actor) ? status : otherwise }
        return table
    }

    static func everyone(_ status: Int) -> [String: Int] { only(actors, status) }

    @Test(arguments: actors)
    func everyEndpointAnswersEveryRoleAsThePermissionsSay(actor: String) async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let root = try world.principal("root")
        let tenantA = world.tenantA.id
        let target = try world.domain.accounts.createUser(by: root, tenantID: tenantA,
                                                          NewUser(username: "a-target", password: ControllerWorld.password, role: .viewer))
        let holder = try world.domain.accounts.createUser(by: root, tenantID: tenantA,
                                                          NewUser(username: "a-holder", password: ControllerWorld.password, role: .viewer))
        let holderToken = try world.domain.tokens.create(by: try world.principal(holder.username), name: "holder's",
                                                         scopes: ["*:read"], lifetime: nil).token.id

        var bearer: String?
        var seed: [UInt8] = []
        if actor != "anonymous" {
            let username = actor == "root" ? "root" : "a-\(Self.role(actor).rawValue)"
            let enrolled = try world.principalWithTOTP(username)
            bearer = enrolled.bearer
            seed = enrolled.seed
        }

        let owners = ["root", "owner"]
        let managers = ["root", "owner", "admin"]
        let readers = ["root", "owner", "admin", "auditor"]
        let steps1: [Step] = [
            Step(method: "GET", path: "/v1/openapi.json", expected: Self.only(Self.actors, 200).merging(["anonymous": 200]) { $1 }),
            Step(method: "GET", path: "/healthz", expected: Self.only(Self.actors, 200).merging(["anonymous": 200]) { $1 }),
            Step(method: "GET", path: "/v1/users/me", expected: Self.everyone(200)),
            Step(method: "PATCH", path: "/v1/users/me", body: ["display_name": "Me"], expected: Self.everyone(200)),
            Step(method: "GET", path: "/v1/tenants", expected: Self.everyone(200)),
            Step(method: "GET", path: "/v1/tenants/\(tenantA)", expected: Self.everyone(200)),
            Step(method: "PATCH", path: "/v1/tenants/\(tenantA)", body: ["display_name": "A"], expected: Self.only(owners, 200)),
            Step(method: "POST", path: "/v1/tenants", body: ["name": "tenant-new", "owner": ["username": "new-owner", "password": ControllerWorld.password]],
                 expected: Self.only(["root"], 201)),
            Step(method: "GET", path: "/v1/users", expected: Self.everyone(200)),
            Step(method: "POST", path: "/v1/users", body: ["tenant_id": tenantA, "username": "made-here", "password": ControllerWorld.password, "role": "viewer"],
                 expected: Self.only(managers, 201)),
            Step(method: "GET", path: "/v1/users/\(target.id)", expected: Self.everyone(200)),
            Step(method: "PATCH", path: "/v1/users/\(target.id)", body: ["email": "t@example.org"], expected: Self.only(managers, 200)),
            Step(method: "POST", path: "/v1/users/\(target.id)/password", body: ["new_password": "reset password here"],
                 expected: Self.only(managers, 204)),
            Step(method: "DELETE", path: "/v1/users/\(target.id)/sessions", expected: Self.only(managers, 204)),
            Step(method: "PUT", path: "/v1/users/\(target.id)/role", body: ["role": "operator"], expected: Self.only(managers, 200)),
            Step(method: "GET", path: "/v1/tokens", expected: Self.everyone(200)),
            Step(method: "GET", path: "/v1/tokens/\(holderToken)", expected: Self.only(readers, 200)),
            Step(method: "DELETE", path: "/v1/tokens/\(holderToken)", expected: Self.only(managers, 204)),
            Step(method: "GET", path: "/v1/audit", expected: Self.only(readers, 200)),
            Step(method: "GET", path: "/v1/audit?action=user.create&limit=2", expected: Self.only(readers, 200)),
            Step(method: "GET", path: "/v1/audit/verify", expected: Self.only(readers, 200)),
        ]
        for step in steps1 { try await check(step, actor: actor, bearer: bearer, api: api) }

        // Own tokens: everyone may make, read and revoke their own.
        let created = try await api.call("POST", "/v1/tokens", bearer: bearer, json: ["name": "mine", "scopes": ["*:read"], "expires_in": 3600])
        #expect(created.status == (actor == "anonymous" ? 401 : 201), "\(actor) POST /v1/tokens")
        if let token = created["token"] as? [String: Any], let id = token["id"] as? String {
            #expect((created["secret"] as? String)?.hasPrefix("bat_") == true)
            try await check(Step(method: "GET", path: "/v1/tokens/\(id)", expected: Self.everyone(200)), actor: actor, bearer: bearer, api: api)
            try await check(Step(method: "DELETE", path: "/v1/tokens/\(id)", expected: Self.everyone(204)), actor: actor, bearer: bearer, api: api)
        }

        world.clock.advance(by: 30)
        let code = seed.isEmpty ? "000000" : try world.code(seed)
        let bViewer = world.user("b-viewer").id
        let steps2: [Step] = [
            Step(method: "POST", path: "/v1/sessions/current/step-up", body: ["totp": code], expected: Self.everyone(200)),
            Step(method: "DELETE", path: "/v1/users/\(target.id)", expected: Self.only(managers, 204)),
            Step(method: "GET", path: "/v1/users/\(bViewer)", expected: Self.only(["root"], 200, otherwise: 404)),
            Step(method: "DELETE", path: "/v1/tenants/\(world.tenantB.id)", expected: Self.only(["root"], 204, otherwise: 404)),
            Step(method: "DELETE", path: "/v1/sessions/current", expected: Self.everyone(204)),
            Step(method: "GET", path: "/v1/users/me", expected: Self.everyone(401)),
        ]
        for step in steps2 { try await check(step, actor: actor, bearer: bearer, api: api) }
    }

    static func role(_ actor: String) -> Role {
        switch actor {
        case "owner": return .tenantOwner
        case "admin": return .tenantAdmin
        case "operator": return .operator
        case "auditor": return .auditor
        default: return .viewer
        }
    }

    private func check(_ step: Step, actor: String, bearer: String?, api: APIServer) async throws {
        let reply = try await api.call(step.method, step.path, bearer: bearer, json: step.body)
        let expected = step.expected[actor]!
        #expect(reply.status == expected, "\(actor) \(step.method) \(step.path): \(reply.status) \(reply.errorCode ?? "")")
        if reply.status >= 400 {
            #expect(reply.errorCode?.isEmpty == false)
            #expect(reply.errorMessage?.isEmpty == false)
        }
    }
}
