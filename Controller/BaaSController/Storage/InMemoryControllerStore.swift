import Foundation

/// A `ControllerStore` held in memory: for tests and for trying the controller without a disk.
///
/// A transaction works on a copy of the state and publishes it only when the body returns, so a
/// failing body leaves nothing behind, exactly like a database rollback. Thread-safe: transactions
/// run one at a time.
public final class InMemoryControllerStore: ControllerStore, @unchecked Sendable {
    struct State {
        var tenants: [String: Tenant] = [:]
        var users: [String: User] = [:]
        var sessions: [String: Session] = [:]
        var tokens: [String: APIToken] = [:]
        var audit: [AuditEntry] = []
    }

    private let lock = NSLock()
    private var state = State()

    public init() {}

    public func transaction<T>(_ body: (any ControllerTransaction) throws -> T) throws -> T {
        try lock.withLock {
            let transaction = InMemoryTransaction(state: state)
            let value = try body(transaction)
            state = transaction.state
            return value
        }
    }
}

/// The working copy of one in-memory transaction.
final class InMemoryTransaction: ControllerTransaction {
    var state: InMemoryControllerStore.State

    init(state: InMemoryControllerStore.State) {
        self.state = state
    }

    // MARK: Tenants

    func insertTenant(_ tenant: Tenant) throws {
        guard state.tenants[tenant.id] == nil, try self.tenant(named: tenant.name) == nil else {
            throw ControllerError.tenantExists(tenant.name)
        }
        state.tenants[tenant.id] = tenant
    }

    func updateTenant(_ tenant: Tenant) throws {
        guard state.tenants[tenant.id] != nil else { throw ControllerError.notFound("tenant") }
        state.tenants[tenant.id] = tenant
    }

    func deleteTenant(id: String) throws {
        let userIDs = Set(state.users.values.filter { $0.tenantID == id }.map(\.id))
        for userID in userIDs { try deleteUser(id: userID) }
        state.tokens = state.tokens.filter { $0.value.tenantID != id }
        state.tenants[id] = nil
    }

    func tenant(id: String) throws -> Tenant? { state.tenants[id] }

    func tenant(named name: String) throws -> Tenant? {
        state.tenants.values.first { $0.name == name }
    }

    func tenants(after cursor: String?, limit: Int) throws -> [Tenant] {
        Array(state.tenants.values.filter { cursor == nil || $0.id > cursor! }.sorted { $0.id < $1.id }.prefix(limit))
    }

    // MARK: Users

    func insertUser(_ user: User) throws {
        guard state.users[user.id] == nil, try self.user(username: user.username) == nil else {
            throw ControllerError.usernameTaken(user.username)
        }
        state.users[user.id] = user
    }

    func updateUser(_ user: User) throws {
        guard state.users[user.id] != nil else { throw ControllerError.notFound("user") }
        state.users[user.id] = user
    }

    func deleteUser(id: String) throws {
        state.sessions = state.sessions.filter { $0.value.userID != id }
        state.tokens = state.tokens.filter { $0.value.userID != id }
        state.users[id] = nil
    }

    func user(id: String) throws -> User? { state.users[id] }

    func user(username: String) throws -> User? {
        state.users.values.first { $0.username == username }
    }

    func users(tenantID: String?, after cursor: String?, limit: Int) throws -> [User] {
        Array(state.users.values
            .filter { (tenantID == nil || $0.tenantID == tenantID) && (cursor == nil || $0.id > cursor!) }
            .sorted { $0.id < $1.id }
            .prefix(limit))
    }

    func countUsers(tenantID: String?, role: Role) throws -> Int {
        state.users.values.filter { $0.tenantID == tenantID && $0.role == role }.count
    }

    // MARK: Sessions

    func insertSession(_ session: Session) throws { state.sessions[session.id] = session }

    func updateSession(_ session: Session) throws { state.sessions[session.id] = session }

    func session(id: String) throws -> Session? { state.sessions[id] }

    func session(secretHash: String) throws -> Session? {
        state.sessions.values.first { $0.secretHash == secretHash }
    }

    func revokeSessions(userID: String, at date: Date, keeping: String?) throws {
        for (id, session) in state.sessions where session.userID == userID && session.revokedAt == nil && id != keeping {
            state.sessions[id]?.revokedAt = date
        }
    }

    // MARK: Tokens

    func insertToken(_ token: APIToken) throws { state.tokens[token.id] = token }

    func updateToken(_ token: APIToken) throws { state.tokens[token.id] = token }

    func token(id: String) throws -> APIToken? { state.tokens[id] }

    func token(secretHash: String) throws -> APIToken? {
        state.tokens.values.first { $0.secretHash == secretHash }
    }

    func tokens(tenantID: String?, userID: String?, after cursor: String?, limit: Int) throws -> [APIToken] {
        Array(state.tokens.values
            .filter {
                (tenantID == nil || $0.tenantID == tenantID) && (userID == nil || $0.userID == userID)
                    && (cursor == nil || $0.id > cursor!)
            }
            .sorted { $0.id < $1.id }
            .prefix(limit))
    }

    // MARK: Audit

    func appendAudit(_ entry: AuditEntry) throws { state.audit.append(entry) }

    func lastAuditEntry() throws -> AuditEntry? { state.audit.last }

    func auditEntries(matching filter: AuditFilter, after: Int64, limit: Int) throws -> [AuditEntry] {
        Array(state.audit.lazy.filter { $0.sequence > after && filter.matches($0) }.prefix(limit))
    }
}
