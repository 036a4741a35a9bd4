import BaaSController
import Foundation
import Testing

/// Tenant A's users and tokens can neither read nor change anything of tenant B's, and every such
/// attempt is answered `notFound`, so the existence of B's objects does not leak.
struct TenantIsolationTests {
    enum Credential: String, CaseIterable, CustomTestStringConvertible {
        case session
        case token
        var testDescription: String { rawValue }
    }

    /// Every tenant role of A, with a session (TOTP confirmed just now) or an all-scopes API token.
    static let cases: [(Role, Credential)] = ControllerWorld.tenantRoles.flatMap { role in
        Credential.allCases.map { (role, $0) }
    }

    @Test(arguments: cases)
    func tenantACannotSeeOrTouchTenantB(role: Role, credential: Credential) throws {
        let world = try ControllerWorld()
        let name = "a-\(role.rawValue)"
        var attacker = try world.principalWithTOTP(name).principal
        if credential == .token {
            let issued = try world.domain.tokens.create(by: attacker, name: "script", scopes: ["*"], lifetime: nil)
            attacker = try world.domain.sessions.authenticate(bearer: issued.secret, sourceAddress: "127.0.0.1")
        }
        let bOwner = try world.principal("b-tenant_owner")
        let bToken = try world.domain.tokens.create(by: bOwner, name: "b's token", scopes: ["*"], lifetime: nil).token
        let bUsers = ControllerWorld.tenantRoles.map { world.user("b-\($0.rawValue)") }
        let tenantB = world.tenantB!
        let accounts = world.domain.accounts

        func expectNotFound(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("\(name) (\(credential)) could \(what) of tenant B")
            } catch let error as ControllerError {
                #expect(error.status == 404, "\(name) (\(credential)) trying to \(what): \(error)")
            } catch {
                Issue.record("\(what): unexpected \(error)")
            }
        }

        for user in bUsers {
            expectNotFound("read user \(user.username)") { _ = try accounts.user(by: attacker, id: user.id) }
            expectNotFound("update user \(user.username)") {
                _ = try accounts.updateProfile(by: attacker, userID: user.id, displayName: "pwned", email: nil)
            }
            expectNotFound("reset the password of \(user.username)") {
                try accounts.resetPassword(by: attacker, userID: user.id, newPassword: "attacker's password")
            }
            expectNotFound("change the role of \(user.username)") { _ = try accounts.changeRole(by: attacker, userID: user.id, to: .viewer) }
            expectNotFound("delete \(user.username)") { try accounts.deleteUser(by: attacker, userID: user.id) }
            expectNotFound("end the sessions of \(user.username)") { try accounts.revokeSessions(by: attacker, userID: user.id) }
        }
        expectNotFound("read the tenant") { _ = try accounts.tenant(by: attacker, id: tenantB.id) }
        expectNotFound("delete the tenant") { try accounts.deleteTenant(by: attacker, id: tenantB.id) }
        expectNotFound("rename the tenant") { _ = try accounts.updateTenant(by: attacker, id: tenantB.id, displayName: "pwned") }
        expectNotFound("create a user in the tenant") {
            _ = try accounts.createUser(by: attacker, tenantID: tenantB.id,
                                        NewUser(username: "mole", password: ControllerWorld.password, role: .viewer))
        }
        expectNotFound("list the users") { _ = try accounts.users(by: attacker, tenantID: tenantB.id, page: PageRequest()) }
        expectNotFound("read a token") { _ = try world.domain.tokens.token(by: attacker, id: bToken.id) }
        expectNotFound("revoke a token") { try world.domain.tokens.revoke(by: attacker, id: bToken.id) }

        // Listings that succeed show nothing of B.
        if let tenants = try? accounts.tenants(by: attacker, page: PageRequest()) {
            #expect(tenants.items.map(\.id) == [world.tenantA.id])
        }
        if let users = try? accounts.users(by: attacker, tenantID: nil, page: PageRequest()) {
            #expect(users.items.allSatisfy { $0.tenantID == world.tenantA.id })
        }
        if let tokens = try? world.domain.tokens.list(by: attacker, page: PageRequest()) {
            #expect(tokens.items.allSatisfy { $0.tenantID == world.tenantA.id })
        }
        if let entries = try? world.domain.audit.entries(by: attacker, filter: AuditFilter(tenantID: tenantB.id), page: PageRequest(limit: 500)) {
            #expect(!entries.items.isEmpty)
            #expect(entries.items.allSatisfy { $0.tenantID == world.tenantA.id })
        }

        // And B is exactly as it was.
        let root = try world.principal("root")
        let after = try accounts.users(by: root, tenantID: tenantB.id, page: PageRequest()).items
        #expect(Set(after.map(\.id)) == Set(bUsers.map(\.id)))
        for user in after {
            let before = bUsers.first { $0.id == user.id }!
            #expect(user == before)
        }
        #expect(try world.domain.tokens.token(by: bOwner, id: bToken.id).revokedAt == nil)
        // A's failed attempts are in A's audit trail, not in B's (that would leak them to B's auditors).
        let bTrail = try world.domain.audit.entries(by: bOwner, filter: AuditFilter(), page: PageRequest(limit: 500)).items
        #expect(!bTrail.isEmpty)
        #expect(!bTrail.contains { $0.actorID == attacker.userID })
        let aTrail = try world.domain.audit.entries(by: root, filter: AuditFilter(actorID: attacker.userID), page: PageRequest(limit: 500)).items
        // Five changes per user of B; deleting and renaming the tenant, creating a user in it, revoking its token.
        #expect(aTrail.filter { $0.outcome == "controller.not_found" }.count == 5 * bUsers.count + 4)
        #expect(try accounts.tenant(by: root, id: tenantB.id) == tenantB)
        _ = try world.principal("b-viewer")
    }
}
