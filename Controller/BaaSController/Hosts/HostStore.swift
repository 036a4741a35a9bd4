import BaaSAgent
import BaaSSQLite
import Foundation

/// The host tables (migration 2 of `ControllerSchema`) on the controller's SQLite connection.
/// Every call runs in a transaction of that connection, so it never mixes with the account
/// store's transactions. Blocking; thread-safe.
public struct HostStore: Sendable {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func transaction<T>(_ body: (HostStore) throws -> T) throws -> T {
        try database.transaction { _ in try body(self) }
    }

    // MARK: Join tokens

    func insert(_ token: HostJoinToken) throws {
        try database.run("""
            INSERT INTO host_join_tokens (id, tenant_id, secret_hash, labels, created_by, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(token.id), token.tenantID.map(SQLiteValue.text) ?? .null, .text(token.secretHash),
                  .text(Self.json(token.labels)), .text(token.createdBy), Self.ms(token.createdAt), Self.ms(token.expiresAt)])
    }

    func joinToken(id: String) throws -> HostJoinToken? {
        try database.queryFirst("SELECT * FROM host_join_tokens WHERE id = ?", [.text(id)]).map { row in
            HostJoinToken(id: try row.string("id"), tenantID: row.isNull("tenant_id") ? nil : try row.string("tenant_id"),
                          secretHash: try row.string("secret_hash"),
                          labels: Self.decode([String: String].self, try row.string("labels")) ?? [:],
                          createdBy: try row.string("created_by"), createdAt: Self.date(try row.int64("created_at")),
                          expiresAt: Self.date(try row.int64("expires_at")),
                          usedAt: row.isNull("used_at") ? nil : Self.date(try row.int64("used_at")),
                          hostID: row.isNull("host_id") ? nil : try row.string("host_id"))
        }
    }

    /// Marks the token used by `hostID`; false when someone used it first.
    func consume(tokenID: String, hostID: String, at now: Date) throws -> Bool {
        try database.run("UPDATE host_join_tokens SET used_at = ?, host_id = ? WHERE id = ? AND used_at IS NULL",
                         [Self.ms(now), .text(hostID), .text(tokenID)]).changes == 1
    }

    // MARK: Hosts

    func insert(_ host: Host) throws {
        try database.run("""
            INSERT INTO hosts (id, name, tenant_id, labels, facts, certificate_serial, certificate_expires_at, enrolled_at,
                desired_generation, desired_nodes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(host.id), .text(host.name), host.tenantID.map(SQLiteValue.text) ?? .null, .text(Self.json(host.labels)),
                  .text(Self.json(host.facts)), .text(host.certificateSerial), Self.ms(host.certificateExpiresAt),
                  Self.ms(host.enrolledAt), .integer(Int64(host.desired.generation)), .text(Self.json(host.desired.nodes))])
    }

    func host(id: String) throws -> Host? {
        try database.queryFirst("SELECT * FROM hosts WHERE id = ?", [.text(id)]).map(Self.host(from:))
    }

    /// Hosts after `cursor` by id, of one tenant or (nil) of every tenant.
    func hosts(tenantID: String??, after cursor: String?, limit: Int) throws -> [Host] {
        switch tenantID {
        case .some(.some(let tenant)):
            return try database.query("SELECT * FROM hosts WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?",
                                      [.text(tenant), .text(cursor ?? ""), .integer(Int64(limit))]).map(Self.host(from:))
        default:
            return try database.query("SELECT * FROM hosts WHERE id > ? ORDER BY id LIMIT ?",
                                      [.text(cursor ?? ""), .integer(Int64(limit))]).map(Self.host(from:))
        }
    }

    func updateSeen(id: String, facts: HostFacts?, at now: Date) throws {
        if let facts {
            try database.run("UPDATE hosts SET facts = ?, last_seen_at = ? WHERE id = ?", [.text(Self.json(facts)), Self.ms(now), .text(id)])
        } else {
            try database.run("UPDATE hosts SET last_seen_at = ? WHERE id = ?", [Self.ms(now), .text(id)])
        }
    }

    func updateCertificate(id: String, serial: String, expiresAt: Date) throws {
        try database.run("UPDATE hosts SET certificate_serial = ?, certificate_expires_at = ? WHERE id = ?",
                         [.text(serial), Self.ms(expiresAt), .text(id)])
    }

    func revoke(id: String, at now: Date) throws {
        try database.run("UPDATE hosts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [Self.ms(now), .text(id)])
    }

    func setDesired(id: String, _ desired: DesiredState) throws {
        try database.run("UPDATE hosts SET desired_generation = ?, desired_nodes = ? WHERE id = ?",
                         [.integer(Int64(desired.generation)), .text(Self.json(desired.nodes)), .text(id)])
    }

    /// Ids of every revoked host (loaded into the gateway's refusal set at start).
    func revokedHostIDs() throws -> Set<String> {
        Set(try database.query("SELECT id FROM hosts WHERE revoked_at IS NOT NULL").map { try $0.string("id") })
    }

    // MARK: Coding

    private static func host(from row: SQLiteRow) throws -> Host {
        Host(id: try row.string("id"), name: try row.string("name"),
             tenantID: row.isNull("tenant_id") ? nil : try row.string("tenant_id"),
             labels: decode([String: String].self, try row.string("labels")) ?? [:],
             facts: decode(HostFacts.self, try row.string("facts"))
                ?? .unknown,
             certificateSerial: try row.string("certificate_serial"),
             certificateExpiresAt: date(try row.int64("certificate_expires_at")),
             enrolledAt: date(try row.int64("enrolled_at")),
             lastSeenAt: row.isNull("last_seen_at") ? nil : date(try row.int64("last_seen_at")),
             revokedAt: row.isNull("revoked_at") ? nil : date(try row.int64("revoked_at")),
             desired: DesiredState(generation: try row.int("desired_generation"),
                                   nodes: decode([NodeSpec].self, try row.string("desired_nodes")) ?? []))
    }

    static func json(_ value: some Encodable) -> String {
        String(decoding: AgentWire.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? AgentWire.decode(type, from: Array(text.utf8))
    }

    static func ms(_ date: Date) -> SQLiteValue { .integer(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
