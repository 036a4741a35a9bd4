import BaaSController
import Foundation
import Testing

/// Each operation is one transaction: when any step fails, nothing of it is left, on SQLite and in
/// memory alike.
struct TransactionTests {
    func world(_ kind: StoreKind) throws -> (ControllerWorld, FaultInjectingStore) {
        var faulty: FaultInjectingStore!
        let world = try ControllerWorld(kind, wrap: { base in
            faulty = FaultInjectingStore(base)
            return faulty
        })
        return (world, faulty)
    }

    @Test(arguments: StoreKind.allCases)
    func tenantCreationFailingAtTheOwnerLeavesNoTenant(kind: StoreKind) throws {
        let (world, faulty) = try world(kind)
        let root = try world.principal("root")
        faulty.fail(on: "insertUser")
        #expect(throws: FaultInjectingStore.InjectedFault.self) {
            try world.domain.accounts.createTenant(by: root, name: "tenant-c", displayName: "C",
                                                   owner: NewUser(username: "c-owner", password: ControllerWorld.password, role: .tenantOwner))
        }
        faulty.heal()
        let tenants = try world.domain.accounts.tenants(by: root, page: PageRequest()).items
        #expect(!tenants.contains { $0.name == "tenant-c" })
        // The name is free, so the retry succeeds.
        _ = try world.domain.accounts.createTenant(by: root, name: "tenant-c", displayName: "C",
                                                   owner: NewUser(username: "c-owner", password: ControllerWorld.password, role: .tenantOwner))
    }

    @Test(arguments: StoreKind.allCases)
    func operationFailingAtItsAuditEntryLeavesNothing(kind: StoreKind) throws {
        let (world, faulty) = try world(kind)
        let owner = try world.principal("a-tenant_owner")
        let before = try world.domain.audit.entries(by: try world.principal("root"), filter: AuditFilter(), page: PageRequest(limit: 500)).items
        faulty.fail(on: "appendAudit")
        #expect(throws: FaultInjectingStore.InjectedFault.self) {
            try world.domain.accounts.createUser(by: owner, tenantID: nil,
                                                 NewUser(username: "half-made", password: ControllerWorld.password, role: .viewer))
        }
        #expect(throws: FaultInjectingStore.InjectedFault.self) {
            try world.domain.tokens.create(by: owner, name: "half", scopes: ["*"], lifetime: nil)
        }
        faulty.heal()
        let root = try world.principal("root")
        #expect(!(try world.domain.accounts.users(by: root, tenantID: nil, page: PageRequest(limit: 500)).items.contains { $0.username == "half-made" }))
        #expect(try world.domain.tokens.list(by: owner, page: PageRequest()).items.isEmpty)
        #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) { try world.principal("half-made") }
        let after = try world.domain.audit.entries(by: root, filter: AuditFilter(), page: PageRequest(limit: 500)).items
        // Only what came after the fault healed: root's login and the refused login of "half-made".
        #expect(after.count == before.count + 2)
        #expect(Array(after.suffix(2)).map(\.action) == ["session.login", "session.login"])
        #expect(try world.domain.audit.verify().valid)
    }

    @Test(arguments: StoreKind.allCases)
    func passwordResetFailingAtSessionRevocationKeepsTheOldPassword(kind: StoreKind) throws {
        let (world, faulty) = try world(kind)
        let owner = try world.principal("a-tenant_owner")
        let (bearer, _) = try world.session("a-operator")
        faulty.fail(on: "revokeSessions")
        #expect(throws: FaultInjectingStore.InjectedFault.self) {
            try world.domain.accounts.resetPassword(by: owner, userID: world.user("a-operator").id, newPassword: "never applied password")
        }
        faulty.heal()
        _ = try world.domain.sessions.authenticate(bearer: bearer, sourceAddress: "127.0.0.1")
        _ = try world.principal("a-operator")
        #expect(throws: ControllerError.unauthorized("invalid_credentials", "")) {
            try world.domain.sessions.login(username: "a-operator", password: "never applied password", totp: nil, sourceAddress: "127.0.0.1")
        }
        let failure = try world.domain.audit.entries(by: try world.principal("root"), filter: AuditFilter(action: "user.reset_password"),
                                                     page: PageRequest()).items
        #expect(failure.map(\.outcome) == ["controller.internal_error"])
    }

    @Test func sqliteStateSurvivesAReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("controller.sqlite")
        let crypto = OpenSSLCryptography(passwordParameters: .init(logN: 10, r: 8, p: 1))
        let clock = ManualWallClock()
        let token: String
        do {
            let domain = try ControllerDomain(store: try SQLiteControllerStore(path: path), crypto: crypto, clock: clock)
            _ = try domain.accounts.bootstrapPlatformAdmin(username: "root", password: ControllerWorld.password)
            token = try domain.sessions.login(username: "root", password: ControllerWorld.password, totp: nil, sourceAddress: "::1").token
        }
        let reopened = try ControllerDomain(store: try SQLiteControllerStore(path: path), crypto: crypto, clock: clock)
        let root = try reopened.sessions.authenticate(bearer: token, sourceAddress: "::1")
        #expect(root.role == .platformAdmin)
        #expect(try reopened.audit.verify().entriesChecked == 2)
    }
}
