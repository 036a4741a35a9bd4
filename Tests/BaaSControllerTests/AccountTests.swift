import BaaSController
import Foundation
import Testing

/// Sign-up, tenants, sub-users, roles and their rules.
struct AccountTests {
    @Test func selfSignUpIsRefusedUnlessSwitchedOn() throws {
        let closed = try ControllerWorld(populate: false)
        let owner = NewUser(username: "founder", password: ControllerWorld.password, email: "f@example.org", role: .viewer)
        #expect(throws: ControllerError.forbidden("sign_up_disabled", "")) {
            try closed.domain.accounts.signUp(tenantName: "startup", tenantDisplayName: "Startup", owner: owner, sourceAddress: "10.0.0.1")
        }
        var policy = SecurityPolicy()
        policy.selfSignUp = true
        let open = try ControllerWorld(policy: policy, populate: false)
        let (tenant, user) = try open.domain.accounts.signUp(tenantName: "startup", tenantDisplayName: "Startup", owner: owner,
                                                             sourceAddress: "10.0.0.1")
        #expect(tenant.name == "startup")
        #expect(user.role == .tenantOwner)
        #expect(user.tenantID == tenant.id)
        let principal = try open.principal("founder")
        #expect(try open.domain.accounts.tenant(by: principal, id: tenant.id) == tenant)
        #expect(throws: ControllerError.conflict("tenant_exists", "")) {
            try open.domain.accounts.signUp(tenantName: "startup", tenantDisplayName: "", owner: NewUser(
                username: "second", password: ControllerWorld.password, role: .tenantOwner), sourceAddress: "10.0.0.1")
        }
    }

    @Test func bootstrapCreatesOnePlatformAdminOnly() throws {
        let world = try ControllerWorld(populate: false)
        let first = try world.domain.accounts.bootstrapPlatformAdmin(username: "root", password: ControllerWorld.password)
        #expect(first?.role == .platformAdmin)
        #expect(first?.tenantID == nil)
        #expect(try world.domain.accounts.bootstrapPlatformAdmin(username: "other", password: ControllerWorld.password) == nil)
    }

    @Test(arguments: [(Role.tenantOwner, Role.tenantOwner, true), (.tenantOwner, .tenantAdmin, true),
                      (.tenantAdmin, .tenantOwner, false), (.tenantAdmin, .operator, true),
                      (.operator, .viewer, false), (.auditor, .viewer, false), (.viewer, .viewer, false)])
    func subUsersAreCreatedByOwnersAndAdminsUpToTheirOwnRank(creator: Role, role: Role, allowed: Bool) throws {
        let world = try ControllerWorld()
        let principal = try world.principal("a-\(creator.rawValue)")
        let newUser = NewUser(username: "new-\(role.rawValue)", password: ControllerWorld.password, role: role)
        if allowed {
            let user = try world.domain.accounts.createUser(by: principal, tenantID: nil, newUser)
            #expect(user.tenantID == world.tenantA.id)
            #expect(user.role == role)
            _ = try world.principal(user.username)
        } else {
            #expect(throws: ControllerError.self) { try world.domain.accounts.createUser(by: principal, tenantID: nil, newUser) }
            #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) { try world.principal(newUser.username) }
        }
    }

    @Test func invalidUserInputIsRefusedWithAClearError() throws {
        let world = try ControllerWorld()
        let owner = try world.principal("a-tenant_owner")
        let cases: [(NewUser, String)] = [
            (NewUser(username: "x", password: ControllerWorld.password, role: .viewer), "controller.invalid_username"),
            (NewUser(username: "has space", password: ControllerWorld.password, role: .viewer), "controller.invalid_username"),
            (NewUser(username: "fine", password: "short", role: .viewer), "controller.weak_password"),
            (NewUser(username: "fine", password: ControllerWorld.password, email: "not-an-email", role: .viewer), "controller.invalid_email"),
            (NewUser(username: "fine", password: ControllerWorld.password, role: .platformAdmin), "controller.invalid_role"),
            (NewUser(username: "A-Viewer", password: ControllerWorld.password, role: .viewer), "controller.username_taken"),
        ]
        for (user, code) in cases {
            let error = #expect(throws: ControllerError.self) { try world.domain.accounts.createUser(by: owner, tenantID: nil, user) }
            #expect(error?.code == code, "\(user.username)")
            #expect((400..<500).contains(error?.status ?? 0))
        }
        let root = try world.principal("root")
        #expect(throws: ControllerError.invalid("invalid_name", "")) {
            try world.domain.accounts.createTenant(by: root, name: "Bad Name", displayName: "",
                                                   owner: NewUser(username: "someone", password: ControllerWorld.password, role: .tenantOwner))
        }
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try world.domain.accounts.createTenant(by: owner, name: "mine", displayName: "",
                                                   owner: NewUser(username: "someone", password: ControllerWorld.password, role: .tenantOwner))
        }
    }

    @Test func profilesAreChangedByTheirUserOrAnAdmin() throws {
        let world = try ControllerWorld()
        let viewer = try world.principal("a-viewer")
        let updated = try world.domain.accounts.updateProfile(by: viewer, userID: viewer.userID, displayName: "Vi Ewer", email: "vi@example.org")
        #expect(updated.displayName == "Vi Ewer")
        #expect(try world.domain.accounts.me(viewer).email == "vi@example.org")
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try world.domain.accounts.updateProfile(by: viewer, userID: world.user("a-operator").id, displayName: "x", email: nil)
        }
        let admin = try world.principal("a-tenant_admin")
        _ = try world.domain.accounts.updateProfile(by: admin, userID: world.user("a-operator").id, displayName: "Op", email: nil)
        #expect(throws: ControllerError.forbidden("rank", "")) {
            try world.domain.accounts.updateProfile(by: admin, userID: world.user("a-tenant_owner").id, displayName: "x", email: nil)
        }
    }

    @Test func adminsResetPasswordsOfUsersAtOrBelowTheirRank() throws {
        let world = try ControllerWorld()
        let admin = try world.principal("a-tenant_admin")
        let operatorBearer = try world.session("a-operator").bearer
        try world.domain.accounts.resetPassword(by: admin, userID: world.user("a-operator").id, newPassword: "reset by the admin")
        #expect(throws: ControllerError.unauthorized("session_revoked", "")) {
            try world.domain.sessions.authenticate(bearer: operatorBearer, sourceAddress: "127.0.0.1")
        }
        _ = try world.domain.sessions.login(username: "a-operator", password: "reset by the admin", totp: nil, sourceAddress: "127.0.0.1")
        #expect(throws: ControllerError.forbidden("rank", "")) {
            try world.domain.accounts.resetPassword(by: admin, userID: world.user("a-tenant_owner").id, newPassword: "reset by the admin")
        }
        let auditor = try world.principal("a-auditor")
        #expect(throws: ControllerError.forbidden("forbidden", "")) {
            try world.domain.accounts.resetPassword(by: auditor, userID: world.user("a-viewer").id, newPassword: "reset by the auditor")
        }
    }

    @Test func rolesChangeWithinTheRulesAndTheLastOwnerStays() throws {
        let world = try ControllerWorld()
        let owner = try world.principalWithTOTP("a-tenant_owner").principal
        let promoted = try world.domain.accounts.changeRole(by: owner, userID: world.user("a-viewer").id, to: .operator)
        #expect(promoted.role == .operator)
        #expect(throws: ControllerError.forbidden("own_role", "")) {
            try world.domain.accounts.changeRole(by: owner, userID: owner.userID, to: .viewer)
        }
        let admin = try world.principalWithTOTP("a-tenant_admin").principal
        #expect(throws: ControllerError.forbidden("rank", "")) {
            try world.domain.accounts.changeRole(by: admin, userID: world.user("a-operator").id, to: .tenantOwner)
        }
        #expect(throws: ControllerError.forbidden("rank", "")) {
            try world.domain.accounts.changeRole(by: admin, userID: owner.userID, to: .viewer)
        }
        let root = try world.principalWithTOTP("root").principal
        #expect(throws: ControllerError.conflict("last_owner", "")) {
            try world.domain.accounts.changeRole(by: root, userID: owner.userID, to: .viewer)
        }
        #expect(throws: ControllerError.conflict("last_owner", "")) {
            try world.domain.accounts.deleteUser(by: root, userID: owner.userID)
        }
        _ = try world.domain.accounts.changeRole(by: root, userID: world.user("a-tenant_admin").id, to: .tenantOwner)
        try world.domain.accounts.deleteUser(by: root, userID: owner.userID)
        #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) { try world.principal("a-tenant_owner") }
    }

    @Test(arguments: StoreKind.allCases)
    func listingsPageThroughEveryItemOnce(kind: StoreKind) throws {
        let world = try ControllerWorld(kind)
        let root = try world.principal("root")
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try world.domain.accounts.users(by: root, tenantID: nil, page: PageRequest(limit: 3, cursor: cursor))
            #expect(page.items.count <= 3)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 11)
        #expect(Set(seen).count == 11)
        #expect(seen == seen.sorted())

        let tenants = try world.domain.accounts.tenants(by: root, page: PageRequest(limit: 1))
        #expect(tenants.items.count == 1)
        let rest = try world.domain.accounts.tenants(by: root, page: PageRequest(limit: 1, cursor: tenants.nextCursor))
        #expect(Set((tenants.items + rest.items).map(\.id)) == [world.tenantA.id, world.tenantB.id])
        #expect(rest.nextCursor == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingATenantRemovesItsUsersSessionsAndTokens(kind: StoreKind) throws {
        let world = try ControllerWorld(kind)
        let (bearer, viewer) = try world.session("b-viewer")
        let token = try world.domain.tokens.create(by: viewer, name: "t", scopes: ["*:read"], lifetime: nil)
        let root = try world.principalWithTOTP("root").principal
        try world.domain.accounts.deleteTenant(by: root, id: world.tenantB.id)
        #expect(throws: ControllerError.notFound("tenant")) { try world.domain.accounts.tenant(by: root, id: world.tenantB.id) }
        #expect(try world.domain.accounts.users(by: root, tenantID: world.tenantB.id, page: PageRequest()).items.isEmpty)
        #expect(throws: ControllerError.unauthorized("invalid_token", "")) {
            try world.domain.sessions.authenticate(bearer: bearer, sourceAddress: "127.0.0.1")
        }
        #expect(throws: ControllerError.unauthorized("invalid_token", "")) {
            try world.domain.sessions.authenticate(bearer: token.secret, sourceAddress: "127.0.0.1")
        }
        _ = try world.principal("a-viewer")
    }
}
