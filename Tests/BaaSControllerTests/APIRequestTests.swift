import BaaSController
import BaaSSQLite
import Foundation
import Testing

/// The REST API over real HTTPS: logins, second factor, bad input, audit verification.
struct APIRequestTests {
    @Test func loginOverHTTPSAndReadMyProfile() async throws {
        let api = try APIServer(world: try ControllerWorld())
        defer { api.stop() }
        let login = try await api.call("POST", "/v1/sessions", json: ["username": "a-operator", "password": ControllerWorld.password])
        #expect(login.status == 201)
        #expect(login["expires_at"] as? String == "2027-01-15T20:00:00Z")
        let token = try #require(login["token"] as? String)
        let me = try await api.call("GET", "/v1/users/me", bearer: token)
        #expect(me.status == 200)
        #expect(me["username"] as? String == "a-operator")
        #expect(me["role"] as? String == "operator")
        #expect(me["password_hash"] == nil)
        let anonymous = try await api.call("GET", "/v1/users/me")
        #expect(anonymous.status == 401)
        #expect(anonymous.errorCode == "controller.unauthenticated")
        let garbage = try await api.call("GET", "/v1/users/me", bearer: "bss_not-a-token")
        #expect(garbage.errorCode == "controller.invalid_token")
    }

    @Test func badRequestsGetAClear4xxAndChangeNothing() async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let owner = try await api.login("a-tenant_owner")
        let users = { try await api.call("GET", "/v1/users?limit=500", bearer: owner)["items"] as? [[String: Any]] ?? [] }
        let before = try await users().count

        let cases: [(String, String, [String: Any]?, String?, String, Int, String)] = [
            ("POST", "/v1/users", nil, "{\"username\": ", "application/json", 400, "controller.invalid_json"),
            ("POST", "/v1/users", nil, "[1, 2]", "application/json", 400, "controller.invalid_json"),
            ("POST", "/v1/users", nil, "username=x", "application/x-www-form-urlencoded", 400, "controller.unsupported_media_type"),
            ("POST", "/v1/users", ["username": "new-one", "password": ControllerWorld.password, "role": "viewer", "admin": true], nil,
             "application/json", 400, "controller.unknown_field"),
            ("POST", "/v1/users", ["username": 42, "password": ControllerWorld.password, "role": "viewer"], nil, "application/json", 400,
             "controller.invalid_field"),
            ("POST", "/v1/users", ["username": "new-one", "role": "viewer"], nil, "application/json", 400, "controller.missing_field"),
            ("POST", "/v1/users", ["username": "new-one", "password": ControllerWorld.password, "role": "superuser"], nil, "application/json",
             422, "controller.invalid_role"),
            ("POST", "/v1/users", ["username": "a-viewer", "password": ControllerWorld.password, "role": "viewer"], nil, "application/json",
             409, "controller.username_taken"),
            ("POST", "/v1/users", ["username": "new-one", "password": "short", "role": "viewer"], nil, "application/json", 422,
             "controller.weak_password"),
            ("POST", "/v1/tokens", ["name": "t", "scopes": "everything"], nil, "application/json", 400, "controller.invalid_field"),
            ("POST", "/v1/tokens", ["name": "t", "scopes": ["*"], "expires_in": 1.5], nil, "application/json", 400, "controller.invalid_field"),
            ("GET", "/v1/users?limit=0", nil, nil, "application/json", 400, "controller.invalid_limit"),
            ("GET", "/v1/audit?since=yesterday", nil, nil, "application/json", 400, "controller.invalid_time"),
            ("GET", "/v1/audit?cursor=xyz", nil, nil, "application/json", 400, "controller.invalid_cursor"),
            ("GET", "/v1/users/usr_0000", nil, nil, "application/json", 404, "controller.not_found"),
        ]
        for (method, path, json, raw, contentType, status, code) in cases {
            let reply = try await api.call(method, path, bearer: owner, json: json, raw: raw, contentType: contentType)
            #expect(reply.status == status, "\(method) \(path) \(json.map { "\($0)" } ?? raw ?? "")")
            #expect(reply.errorCode == code, "\(method) \(path): \(reply.errorMessage ?? "")")
            #expect(reply.errorMessage?.isEmpty == false)
        }
        let root = try await api.login("root")
        let nested = try await api.call("POST", "/v1/tenants", bearer: root,
                                        json: ["name": "tenant-c", "owner": ["username": "c-owner", "password": ControllerWorld.password, "role": "x"]])
        #expect(nested.errorCode == "controller.unknown_field")
        #expect(nested.errorMessage?.contains("owner.role") == true)
        #expect(try await users().count == before)
        #expect(try await api.call("GET", "/v1/tenants", bearer: root)["items"].map { ($0 as? [Any])?.count } == 2)
    }

    @Test func wrongPasswordLockoutAndExpiredSessionsAreClearErrors() async throws {
        var policy = SecurityPolicy()
        policy.maximumFailedLogins = 2
        let world = try ControllerWorld(policy: policy)
        let api = try APIServer(world: world)
        defer { api.stop() }
        let token = try await api.login("a-viewer")
        let wrong = try await api.call("POST", "/v1/sessions", json: ["username": "a-viewer", "password": "wrong password!"])
        #expect(wrong.status == 401)
        #expect(wrong.errorCode == "controller.invalid_credentials")
        let locked = try await api.call("POST", "/v1/sessions", json: ["username": "a-viewer", "password": "wrong password!"])
        #expect(locked.status == 423)
        #expect(locked.errorMessage?.contains("locked until") == true)
        #expect(locked.headers["Retry-After"] == String(Int(world.domain.policy.lockoutDuration)))

        world.clock.advance(by: world.domain.policy.sessionLifetime)
        let expired = try await api.call("GET", "/v1/users/me", bearer: token)
        #expect(expired.status == 401)
        #expect(expired.errorCode == "controller.session_expired")
    }

    @Test func totpEnrolmentAndLoginWithACodeOverHTTPS() async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let token = try await api.login("a-auditor")
        let enrolment = try await api.call("POST", "/v1/users/me/totp", bearer: token)
        #expect(enrolment.status == 201)
        let seed = try Base32.decode(try #require(enrolment["secret"] as? String))
        #expect((enrolment["uri"] as? String)?.hasPrefix("otpauth://totp/") == true)
        let wrongConfirm = try await api.call("POST", "/v1/users/me/totp/confirm", bearer: token, json: ["code": "000000"])
        #expect(wrongConfirm.errorCode == "controller.totp_invalid")
        let confirmed = try await api.call("POST", "/v1/users/me/totp/confirm", bearer: token, json: ["code": try world.code(seed)])
        #expect(confirmed.status == 204)

        let missing = try await api.call("POST", "/v1/sessions", json: ["username": "a-auditor", "password": ControllerWorld.password])
        #expect(missing.status == 401)
        #expect(missing.errorCode == "controller.totp_required")
        let invalid = try await api.call("POST", "/v1/sessions", json: ["username": "a-auditor", "password": ControllerWorld.password, "totp": "123456"])
        #expect(invalid.errorCode == "controller.totp_invalid")
        let replayed = try await api.call("POST", "/v1/sessions",
                                          json: ["username": "a-auditor", "password": ControllerWorld.password, "totp": try world.code(seed)])
        #expect(replayed.errorCode == "controller.totp_replayed")
        world.clock.advance(by: 30)
        _ = try await api.login("a-auditor", totp: try world.code(seed))
    }

    @Test func selfSignUpOverHTTPSWhenSwitchedOn() async throws {
        var policy = SecurityPolicy()
        policy.selfSignUp = true
        let world = try ControllerWorld(policy: policy, populate: false)
        let api = try APIServer(world: world)
        defer { api.stop() }
        let reply = try await api.call("POST", "/v1/signup", json: ["tenant_name": "acme", "username": "wile", "password": ControllerWorld.password])
        #expect(reply.status == 201)
        #expect((reply["owner"] as? [String: Any])?["role"] as? String == "tenant_owner")
        _ = try await api.login("wile")
    }

    @Test func verifyEndpointReportsARowTamperedInTheSQLiteFile() async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let root = try await api.login("root")
        let sound = try await api.call("GET", "/v1/audit/verify", bearer: root)
        #expect(sound.status == 200)
        #expect(sound["valid"] as? Bool == true)
        #expect(sound["first_broken_sequence"] == nil)

        let intruder = try SQLiteDatabase(path: world.databasePath)
        try intruder.execute("DROP TRIGGER audit_log_append_only_update")
        try intruder.run("UPDATE audit_log SET parameters = '{\"role\":\"viewer\"}' WHERE sequence = 7")
        let broken = try await api.call("GET", "/v1/audit/verify", bearer: root)
        #expect(broken["valid"] as? Bool == false)
        #expect(broken["first_broken_sequence"] as? Int == 7)
        #expect(broken["entries_checked"] as? Int == 6)

        let page = try await api.call("GET", "/v1/audit?limit=3", bearer: root)
        let items = try #require(page["items"] as? [[String: Any]])
        #expect(items.map { $0["sequence"] as? Int } == [1, 2, 3])
        #expect(page["next_cursor"] as? String == "3")
        #expect((items[0]["hash"] as? String)?.count == 64)
    }

    @Test func scopedTokenIsLimitedToItsScopesAndCannotStepUp() async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let (_, _, session) = try world.principalWithTOTP("a-tenant_owner")
        let made = try await api.call("POST", "/v1/tokens", bearer: session, json: ["name": "reader", "scopes": ["user:read"], "expires_in": 600])
        let secret = try #require(made["secret"] as? String)
        #expect(try await api.call("GET", "/v1/users", bearer: secret).status == 200)
        let write = try await api.call("PATCH", "/v1/users/\(world.user("a-viewer").id)", bearer: secret, json: ["display_name": "x"])
        #expect(write.status == 403)
        #expect(write.errorCode == "controller.token_scope")
        let stepUp = try await api.call("POST", "/v1/sessions/current/step-up", bearer: secret, json: ["totp": "123456"])
        #expect(stepUp.status == 400)
        #expect(stepUp.errorCode == "controller.not_a_session")
        world.clock.advance(by: 600)
        #expect(try await api.call("GET", "/v1/users", bearer: secret).errorCode == "controller.token_expired")
    }

    @Test func listingsPageWithLimitAndCursor() async throws {
        let world = try ControllerWorld()
        let api = try APIServer(world: world)
        defer { api.stop() }
        let root = try await api.login("root")
        var seen: [String] = []
        var cursor: String?
        repeat {
            let query = "/v1/users?limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await api.call("GET", query, bearer: root)
            #expect(page.status == 200)
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.count <= 4)
            seen += items.compactMap { $0["id"] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        #expect(seen.count == 11)
        #expect(Set(seen).count == 11)
        let filtered = try await api.call("GET", "/v1/users?tenant_id=\(world.tenantB.id)", bearer: root)
        #expect((filtered["items"] as? [[String: Any]])?.count == 5)
    }
}
