import BaaSSQLite
import Foundation

/// The default `ControllerStore`: one SQLite file (WAL, foreign keys on), migrated on open.
///
/// One connection; transactions are `BEGIN IMMEDIATE` and run one at a time. Blocking: call off
/// latency-sensitive threads. Thread-safe.
public final class SQLiteControllerStore: ControllerStore, @unchecked Sendable {
    /// The connection; exposed for maintenance tools and tests.
    public let database: SQLiteDatabase

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened or was written by a newer controller.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path)
        try Migrator(ControllerSchema.migrations, program: "baas-controller").migrate(database)
    }

    public func transaction<T>(_ body: (any ControllerTransaction) throws -> T) throws -> T {
        try database.transaction { db in try body(SQLiteControllerTransaction(db: db)) }
    }
}

/// The repositories over one open SQLite transaction.
struct SQLiteControllerTransaction: ControllerTransaction {
    let db: SQLiteDatabase

    // MARK: Tenants

    func insertTenant(_ tenant: Tenant) throws {
        try mapConstraint(ControllerError.tenantExists(tenant.name)) {
            try db.run("INSERT INTO tenants (id, name, display_name, created_at) VALUES (?, ?, ?, ?)",
                       [.text(tenant.id), .text(tenant.name), .text(tenant.displayName), ms(tenant.createdAt)])
        }
    }

    func updateTenant(_ tenant: Tenant) throws {
        let result = try db.run("UPDATE tenants SET display_name = ? WHERE id = ?", [.text(tenant.displayName), .text(tenant.id)])
        guard result.changes == 1 else { throw ControllerError.notFound("tenant") }
    }

    func deleteTenant(id: String) throws {
        try db.run("DELETE FROM tenants WHERE id = ?", [.text(id)])
    }

    func tenant(id: String) throws -> Tenant? {
        try db.queryFirst("SELECT * FROM tenants WHERE id = ?", [.text(id)]).map(tenant(from:))
    }

    func tenant(named name: String) throws -> Tenant? {
        try db.queryFirst("SELECT * FROM tenants WHERE name = ?", [.text(name)]).map(tenant(from:))
    }

    func tenants(after cursor: String?, limit: Int) throws -> [Tenant] {
        try db.query("SELECT * FROM tenants WHERE id > ? ORDER BY id LIMIT ?",
                     [.text(cursor ?? ""), .integer(Int64(limit))]).map(tenant(from:))
    }

    private func tenant(from row: SQLiteRow) throws -> Tenant {
        Tenant(id: try row.string("id"), name: try row.string("name"), displayName: try row.string("display_name"),
               createdAt: date(try row.int64("created_at")))
    }

    // MARK: Users

    func insertUser(_ user: User) throws {
        try mapConstraint(ControllerError.usernameTaken(user.username)) {
            try db.run("""
                INSERT INTO users (id, tenant_id, username, display_name, email, role, password_hash, totp_secret,
                    pending_totp_secret, last_totp_step, failed_logins, locked_until, created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(user.id)] + userValues(user) + [ms(user.createdAt), ms(user.passwordChangedAt)])
        }
    }

    func updateUser(_ user: User) throws {
        let result = try mapConstraint(ControllerError.usernameTaken(user.username)) {
            try db.run("""
                UPDATE users SET tenant_id = ?, username = ?, display_name = ?, email = ?, role = ?, password_hash = ?,
                    totp_secret = ?, pending_totp_secret = ?, last_totp_step = ?, failed_logins = ?, locked_until = ?,
                    password_changed_at = ?
                WHERE id = ?
                """, userValues(user) + [ms(user.passwordChangedAt), .text(user.id)])
        }
        guard result.changes == 1 else { throw ControllerError.notFound("user") }
    }

    private func userValues(_ user: User) -> [SQLiteValue] {
        [SQLiteValue(user.tenantID), .text(user.username), .text(user.displayName), .text(user.email),
         .text(user.role.rawValue), .text(user.passwordHash), SQLiteValue(user.totpSecret),
         SQLiteValue(user.pendingTOTPSecret), SQLiteValue(user.lastTOTPStep), .integer(Int64(user.failedLogins)),
         user.lockedUntil.map(ms) ?? .null]
    }

    func deleteUser(id: String) throws {
        try db.run("DELETE FROM users WHERE id = ?", [.text(id)])
    }

    func user(id: String) throws -> User? {
        try db.queryFirst("SELECT * FROM users WHERE id = ?", [.text(id)]).map(user(from:))
    }

    func user(username: String) throws -> User? {
        try db.queryFirst("SELECT * FROM users WHERE username = ?", [.text(username)]).map(user(from:))
    }

    func users(tenantID: String?, after cursor: String?, limit: Int) throws -> [User] {
        try db.query("SELECT * FROM users WHERE (?1 IS NULL OR tenant_id = ?1) AND id > ?2 ORDER BY id LIMIT ?3",
                     [SQLiteValue(tenantID), .text(cursor ?? ""), .integer(Int64(limit))]).map(user(from:))
    }

    func countUsers(tenantID: String?, role: Role) throws -> Int {
        try db.queryFirst("SELECT count(*) AS n FROM users WHERE tenant_id IS ? AND role = ?",
                          [SQLiteValue(tenantID), .text(role.rawValue)])?.int("n") ?? 0
    }

    private func user(from row: SQLiteRow) throws -> User {
        let roleText = try row.string("role")
        guard let role = Role(rawValue: roleText) else {
            throw ControllerError.internal("corrupt_state", "User \(try row.string("id")) has an unknown role '\(roleText)' in the database.")
        }
        return User(id: try row.string("id"), tenantID: try row.get("tenant_id"), username: try row.string("username"),
                    displayName: try row.string("display_name"), email: try row.string("email"), role: role,
                    passwordHash: try row.string("password_hash"), totpSecret: try row.get("totp_secret"),
                    pendingTOTPSecret: try row.get("pending_totp_secret"), lastTOTPStep: try row.get("last_totp_step"),
                    failedLogins: try row.int("failed_logins"),
                    lockedUntil: (try row.get("locked_until", as: Int64?.self)).map(date),
                    createdAt: date(try row.int64("created_at")), passwordChangedAt: date(try row.int64("password_changed_at")))
    }

    // MARK: Sessions

    func insertSession(_ session: Session) throws {
        try db.run("""
            INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at, second_factor_at, revoked_at, source_address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(session.id), .text(session.userID), .text(session.secretHash), ms(session.createdAt),
                  ms(session.expiresAt), session.secondFactorAt.map(ms) ?? .null, session.revokedAt.map(ms) ?? .null,
                  .text(session.sourceAddress)])
    }

    func updateSession(_ session: Session) throws {
        try db.run("UPDATE sessions SET expires_at = ?, second_factor_at = ?, revoked_at = ? WHERE id = ?",
                   [ms(session.expiresAt), session.secondFactorAt.map(ms) ?? .null, session.revokedAt.map(ms) ?? .null,
                    .text(session.id)])
    }

    func session(id: String) throws -> Session? {
        try db.queryFirst("SELECT * FROM sessions WHERE id = ?", [.text(id)]).map(session(from:))
    }

    func session(secretHash: String) throws -> Session? {
        try db.queryFirst("SELECT * FROM sessions WHERE secret_hash = ?", [.text(secretHash)]).map(session(from:))
    }

    func revokeSessions(userID: String, at date: Date, keeping: String?) throws {
        try db.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?",
                   [ms(date), .text(userID), SQLiteValue(keeping)])
    }

    private func session(from row: SQLiteRow) throws -> Session {
        Session(id: try row.string("id"), userID: try row.string("user_id"), secretHash: try row.string("secret_hash"),
                createdAt: date(try row.int64("created_at")), expiresAt: date(try row.int64("expires_at")),
                secondFactorAt: (try row.get("second_factor_at", as: Int64?.self)).map(date),
                revokedAt: (try row.get("revoked_at", as: Int64?.self)).map(date),
                sourceAddress: try row.string("source_address"))
    }

    // MARK: Tokens

    func insertToken(_ token: APIToken) throws {
        try db.run("""
            INSERT INTO api_tokens (id, user_id, tenant_id, name, scopes, secret_hash, created_at, expires_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(token.id), .text(token.userID), SQLiteValue(token.tenantID), .text(token.name),
                  .text(token.scopes.map(\.description).joined(separator: " ")), .text(token.secretHash),
                  ms(token.createdAt), ms(token.expiresAt), token.revokedAt.map(ms) ?? .null])
    }

    func updateToken(_ token: APIToken) throws {
        try db.run("UPDATE api_tokens SET name = ?, revoked_at = ? WHERE id = ?",
                   [.text(token.name), token.revokedAt.map(ms) ?? .null, .text(token.id)])
    }

    func token(id: String) throws -> APIToken? {
        try db.queryFirst("SELECT * FROM api_tokens WHERE id = ?", [.text(id)]).map(token(from:))
    }

    func token(secretHash: String) throws -> APIToken? {
        try db.queryFirst("SELECT * FROM api_tokens WHERE secret_hash = ?", [.text(secretHash)]).map(token(from:))
    }

    func tokens(tenantID: String?, userID: String?, after cursor: String?, limit: Int) throws -> [APIToken] {
        try db.query("""
            SELECT * FROM api_tokens WHERE (?1 IS NULL OR tenant_id = ?1) AND (?2 IS NULL OR user_id = ?2) AND id > ?3
            ORDER BY id LIMIT ?4
            """, [SQLiteValue(tenantID), SQLiteValue(userID), .text(cursor ?? ""), .integer(Int64(limit))]).map(token(from:))
    }

    private func token(from row: SQLiteRow) throws -> APIToken {
        let scopes = try row.string("scopes").split(separator: " ").map { try TokenScope(parsing: String($0)) }
        return APIToken(id: try row.string("id"), userID: try row.string("user_id"), tenantID: try row.get("tenant_id"),
                        name: try row.string("name"), scopes: scopes, secretHash: try row.string("secret_hash"),
                        createdAt: date(try row.int64("created_at")), expiresAt: date(try row.int64("expires_at")),
                        revokedAt: (try row.get("revoked_at", as: Int64?.self)).map(date))
    }

    // MARK: Audit

    func appendAudit(_ entry: AuditEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parameters = String(decoding: try encoder.encode(entry.parameters), as: UTF8.self)
        try db.run("""
            INSERT INTO audit_log (sequence, time_ms, actor_id, actor_name, tenant_id, action, target, parameters, outcome,
                source_address, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(entry.sequence), .integer(entry.timeMilliseconds), .text(entry.actorID), .text(entry.actorName),
                  SQLiteValue(entry.tenantID), .text(entry.action), .text(entry.target), .text(parameters),
                  .text(entry.outcome), .text(entry.sourceAddress), .blob(entry.previousHash), .blob(entry.hash)])
    }

    func lastAuditEntry() throws -> AuditEntry? {
        try db.queryFirst("SELECT * FROM audit_log ORDER BY sequence DESC LIMIT 1").map(auditEntry(from:))
    }

    func auditEntries(matching filter: AuditFilter, after: Int64, limit: Int) throws -> [AuditEntry] {
        try db.query("""
            SELECT * FROM audit_log
            WHERE sequence > :after
              AND (:tenant IS NULL OR tenant_id = :tenant)
              AND (:actor IS NULL OR actor_id = :actor)
              AND (:action IS NULL OR action = :action)
              AND (:target IS NULL OR target = :target)
              AND (:outcome IS NULL OR outcome = :outcome)
              AND (:since IS NULL OR time_ms >= :since)
              AND (:until IS NULL OR time_ms <= :until)
            ORDER BY sequence LIMIT :limit
            """, named: [
                ":after": .integer(after), ":tenant": SQLiteValue(filter.tenantID), ":actor": SQLiteValue(filter.actorID),
                ":action": SQLiteValue(filter.action), ":target": SQLiteValue(filter.target),
                ":outcome": SQLiteValue(filter.outcome), ":since": filter.since.map(ms) ?? .null,
                ":until": filter.until.map(ms) ?? .null, ":limit": .integer(Int64(limit)),
            ]).map(auditEntry(from:))
    }

    private func auditEntry(from row: SQLiteRow) throws -> AuditEntry {
        let parametersText = try row.string("parameters")
        let parameters = (try? JSONDecoder().decode([String: String].self, from: Data(parametersText.utf8)))
            ?? ["unreadable_parameters": parametersText]
        return AuditEntry(sequence: try row.int64("sequence"), timeMilliseconds: try row.int64("time_ms"),
                          actorID: try row.string("actor_id"), actorName: try row.string("actor_name"),
                          tenantID: try row.get("tenant_id"), action: try row.string("action"),
                          target: try row.string("target"), parameters: parameters, outcome: try row.string("outcome"),
                          sourceAddress: try row.string("source_address"), previousHash: try row.blob("previous_hash"),
                          hash: try row.blob("hash"))
    }

    // MARK: Helpers

    @discardableResult
    private func mapConstraint<T>(_ conflict: ControllerError, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.code == "sqlite.constraint" {
            throw conflict
        }
    }
}

private func ms(_ date: Date) -> SQLiteValue {
    .integer(Int64((date.timeIntervalSince1970 * 1000).rounded()))
}

private func date(_ milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
}
