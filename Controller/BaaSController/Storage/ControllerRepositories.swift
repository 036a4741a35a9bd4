import Foundation

/// Tenants. Names are unique.
public protocol TenantRepository {
    /// - Throws: `ControllerError` `tenant_exists` (409) when the name is taken.
    func insertTenant(_ tenant: Tenant) throws
    func updateTenant(_ tenant: Tenant) throws
    /// Deletes the tenant with its users, their sessions and tokens.
    func deleteTenant(id: String) throws
    func tenant(id: String) throws -> Tenant?
    func tenant(named name: String) throws -> Tenant?
    /// Tenants ordered by id, starting after `cursor`.
    func tenants(after cursor: String?, limit: Int) throws -> [Tenant]
}

/// Users. Usernames are unique across the platform.
public protocol UserRepository {
    /// - Throws: `ControllerError` `username_taken` (409) when the username is taken.
    func insertUser(_ user: User) throws
    func updateUser(_ user: User) throws
    /// Deletes the user with their sessions and tokens.
    func deleteUser(id: String) throws
    func user(id: String) throws -> User?
    func user(username: String) throws -> User?
    /// Users ordered by id, starting after `cursor`; `tenantID` `nil` lists every user.
    func users(tenantID: String?, after cursor: String?, limit: Int) throws -> [User]
    /// How many users of `tenantID` (`nil`: the platform) hold `role`.
    func countUsers(tenantID: String?, role: Role) throws -> Int
}

/// Login sessions, found by the hash of their bearer secret.
public protocol SessionRepository {
    func insertSession(_ session: Session) throws
    func updateSession(_ session: Session) throws
    func session(id: String) throws -> Session?
    func session(secretHash: String) throws -> Session?
    /// Marks every unrevoked session of `userID` revoked at `date`, except `keeping`.
    func revokeSessions(userID: String, at date: Date, keeping: String?) throws
}

/// API tokens, found by the hash of their bearer secret.
public protocol TokenRepository {
    func insertToken(_ token: APIToken) throws
    func updateToken(_ token: APIToken) throws
    func token(id: String) throws -> APIToken?
    func token(secretHash: String) throws -> APIToken?
    /// Tokens ordered by id after `cursor`, narrowed to a tenant and/or a user when given.
    func tokens(tenantID: String?, userID: String?, after cursor: String?, limit: Int) throws -> [APIToken]
}

/// The audit log: append and read only; there is no update or delete.
public protocol AuditRepository {
    func appendAudit(_ entry: AuditEntry) throws
    /// The entry with the highest sequence, if any.
    func lastAuditEntry() throws -> AuditEntry?
    /// Entries with sequence greater than `after`, ascending, that match `filter`.
    func auditEntries(matching filter: AuditFilter, after: Int64, limit: Int) throws -> [AuditEntry]
}

/// Every repository, seen inside one transaction.
///
/// Valid only inside the `ControllerStore.transaction` body that handed it out; never keep it.
public protocol ControllerTransaction: TenantRepository, UserRepository, SessionRepository, TokenRepository,
    AuditRepository {}

/// The controller's state: one seam over the database (SQLite by default, in memory for tests; a
/// PostgreSQL implementation can come later).
///
/// Why one store with a transaction method rather than separate repositories: every operation
/// touches several of them (create a user and append its audit entry; delete a user with their
/// sessions and tokens) and must be all-or-nothing, so the unit of work is the transaction and
/// the repositories are views inside it.
///
/// - Note: `transaction` blocks the calling thread (disk I/O, waiting for the write lock); call it
///   off latency-sensitive threads. Transactions are serialised.
public protocol ControllerStore: Sendable {
    /// Runs `body` in one transaction: everything it wrote is committed when it returns and
    /// nothing is when it throws (the error is rethrown).
    func transaction<T>(_ body: (any ControllerTransaction) throws -> T) throws -> T
}
