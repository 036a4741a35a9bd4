import BaaSController
import Foundation

/// A store that passes everything to a real one but fails the chosen repository call, so tests can
/// show that an operation failing halfway leaves nothing behind.
final class FaultInjectingStore: ControllerStore, @unchecked Sendable {
    struct InjectedFault: Error {}

    let base: any ControllerStore
    private let lock = NSLock()
    private var failing: String?

    init(_ base: any ControllerStore) {
        self.base = base
    }

    /// Makes the next calls named `call` (`insertUser`, `appendAudit` …) throw, until `heal`.
    func fail(on call: String) { lock.withLock { failing = call } }

    func heal() { lock.withLock { failing = nil } }

    func transaction<T>(_ body: (any ControllerTransaction) throws -> T) throws -> T {
        let failing = lock.withLock { self.failing }
        return try base.transaction { try body(Faulty(base: $0, failing: failing)) }
    }

    private struct Faulty: ControllerTransaction {
        let base: any ControllerTransaction
        let failing: String?

        private func check(_ call: String = #function) throws {
            if let failing, call.hasPrefix(failing + "(") { throw InjectedFault() }
        }

        func insertTenant(_ tenant: Tenant) throws { try check(); try base.insertTenant(tenant) }
        func updateTenant(_ tenant: Tenant) throws { try check(); try base.updateTenant(tenant) }
        func deleteTenant(id: String) throws { try check(); try base.deleteTenant(id: id) }
        func tenant(id: String) throws -> Tenant? { try base.tenant(id: id) }
        func tenant(named name: String) throws -> Tenant? { try base.tenant(named: name) }
        func tenants(after cursor: String?, limit: Int) throws -> [Tenant] { try base.tenants(after: cursor, limit: limit) }
        func insertUser(_ user: User) throws { try check(); try base.insertUser(user) }
        func updateUser(_ user: User) throws { try check(); try base.updateUser(user) }
        func deleteUser(id: String) throws { try check(); try base.deleteUser(id: id) }
        func user(id: String) throws -> User? { try base.user(id: id) }
        func user(username: String) throws -> User? { try base.user(username: username) }
        func users(tenantID: String?, after cursor: String?, limit: Int) throws -> [User] {
            try base.users(tenantID: tenantID, after: cursor, limit: limit)
        }
        func countUsers(tenantID: String?, role: Role) throws -> Int { try base.countUsers(tenantID: tenantID, role: role) }
        func insertSession(_ session: Session) throws { try check(); try base.insertSession(session) }
        func updateSession(_ session: Session) throws { try check(); try base.updateSession(session) }
        func session(id: String) throws -> Session? { try base.session(id: id) }
        func session(secretHash: String) throws -> Session? { try base.session(secretHash: secretHash) }
        func revokeSessions(userID: String, at date: Date, keeping: String?) throws {
            try check()
            try base.revokeSessions(userID: userID, at: date, keeping: keeping)
        }
        func insertToken(_ token: APIToken) throws { try check(); try base.insertToken(token) }
        func updateToken(_ token: APIToken) throws { try check(); try base.updateToken(token) }
        func token(id: String) throws -> APIToken? { try base.token(id: id) }
        func token(secretHash: String) throws -> APIToken? { try base.token(secretHash: secretHash) }
        func tokens(tenantID: String?, userID: String?, after cursor: String?, limit: Int) throws -> [APIToken] {
            try base.tokens(tenantID: tenantID, userID: userID, after: cursor, limit: limit)
        }
        func appendAudit(_ entry: AuditEntry) throws { try check(); try base.appendAudit(entry) }
        func lastAuditEntry() throws -> AuditEntry? { try base.lastAuditEntry() }
        func auditEntries(matching filter: AuditFilter, after: Int64, limit: Int) throws -> [AuditEntry] {
            try base.auditEntries(matching: filter, after: after, limit: limit)
        }
    }
}
