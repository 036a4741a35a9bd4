import BaaSController
import BaaSCrypto
import BaaSSQLite
import Foundation
import Testing

/// API tokens: shown once, stored hashed, scoped, expiring, revocable.
struct TokenTests {
    @Test func tokenSecretIsShownOnceAndOnlyItsHashIsStored() throws {
        let world = try ControllerWorld()
        let operatorPrincipal = try world.principal("a-operator")
        let issued = try world.domain.tokens.create(by: operatorPrincipal, name: "ci", scopes: ["network:read", "node:operate"], lifetime: 3600)
        #expect(issued.secret.hasPrefix("bat_"))
        #expect(issued.secret.count > 40)
        #expect(issued.token.secretHash == Hex.encode(Digest.hash(Array(issued.secret.utf8), algorithm: .sha256)))

        let database = try SQLiteDatabase(path: world.databasePath)
        let row = try #require(try database.queryFirst("SELECT * FROM api_tokens WHERE id = ?", [.text(issued.token.id)]))
        #expect(try row.string("secret_hash") == issued.token.secretHash)
        #expect(try row.string("scopes") == "network:read node:operate")
        #expect(!(try world.databaseBytes()).contains(bytes: Array(issued.secret.utf8)))

        // Reading it back never returns the secret.
        let listed = try world.domain.tokens.list(by: operatorPrincipal, page: PageRequest()).items
        #expect(listed.map(\.id) == [issued.token.id])
        let json = String(decoding: try JSONEncoder().encode(listed[0].view), as: UTF8.self)
        #expect(!json.contains(issued.secret))
        #expect(!json.contains(issued.token.secretHash))
    }

    @Test func tokenActsAsItsOwnerWithinItsScopes() throws {
        let world = try ControllerWorld()
        let owner = try world.principal("a-tenant_owner")
        let readOnly = try world.domain.tokens.create(by: owner, name: "reader", scopes: ["user:read", "tenant:read"], lifetime: nil)
        let principal = try world.domain.sessions.authenticate(bearer: readOnly.secret, sourceAddress: "10.1.1.1")
        #expect(principal.userID == owner.userID)
        #expect(principal.role == .tenantOwner)
        _ = try world.domain.accounts.users(by: principal, tenantID: nil, page: PageRequest())
        #expect(throws: ControllerError.forbidden("token_scope", "")) {
            try world.domain.accounts.updateProfile(by: principal, userID: world.user("a-viewer").id, displayName: "x", email: nil)
        }
        #expect(throws: ControllerError.forbidden("not_a_session", "")) {
            try world.domain.tokens.create(by: principal, name: "child", scopes: ["*"], lifetime: nil)
        }
    }

    @Test func tokensExpireAndCanBeRevoked() throws {
        let world = try ControllerWorld()
        let viewer = try world.principal("a-viewer")
        let shortLived = try world.domain.tokens.create(by: viewer, name: "short", scopes: ["*:read"], lifetime: 60)
        let longLived = try world.domain.tokens.create(by: viewer, name: "long", scopes: ["*:read"], lifetime: nil)
        #expect(longLived.token.expiresAt == world.clock.now().addingTimeInterval(world.domain.policy.defaultTokenLifetime))
        world.clock.advance(by: 60)
        #expect(throws: ControllerError.unauthorized("token_expired", "")) {
            try world.domain.sessions.authenticate(bearer: shortLived.secret, sourceAddress: "10.1.1.1")
        }
        _ = try world.domain.sessions.authenticate(bearer: longLived.secret, sourceAddress: "10.1.1.1")

        // The tenant's admin may revoke a user's token; a viewer may not revoke someone else's.
        let otherViewerToken = try world.domain.tokens.create(by: try world.principal("a-operator"), name: "op", scopes: ["*"], lifetime: nil)
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try world.domain.tokens.revoke(by: viewer, id: otherViewerToken.token.id)
        }
        try world.domain.tokens.revoke(by: try world.principal("a-tenant_admin"), id: longLived.token.id)
        #expect(throws: ControllerError.unauthorized("token_revoked", "")) {
            try world.domain.sessions.authenticate(bearer: longLived.secret, sourceAddress: "10.1.1.1")
        }
        try world.domain.tokens.revoke(by: try world.principal("a-operator"), id: otherViewerToken.token.id)
    }

    @Test func badTokenRequestsAreRefused() throws {
        let world = try ControllerWorld()
        let viewer = try world.principal("a-viewer")
        let cases: [(String, [String], TimeInterval?, String)] = [
            ("", ["*"], nil, "controller.invalid_name"),
            ("t", [], nil, "controller.invalid_scope"),
            ("t", ["networks:read"], nil, "controller.invalid_scope"),
            ("t", ["*"], 0, "controller.invalid_lifetime"),
            ("t", ["*"], 400 * 86400, "controller.invalid_lifetime"),
        ]
        for (name, scopes, lifetime, code) in cases {
            let error = #expect(throws: ControllerError.self) {
                try world.domain.tokens.create(by: viewer, name: name, scopes: scopes, lifetime: lifetime)
            }
            #expect(error?.code == code)
            #expect(error?.status == 422)
        }
        #expect(try world.domain.tokens.list(by: viewer, page: PageRequest()).items.isEmpty)
    }
}
