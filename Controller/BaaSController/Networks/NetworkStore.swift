import BaaSSQLite
import Foundation

/// The network and job tables (migration 3 of `ControllerSchema`) on the controller's SQLite
/// connection. Blocking; thread-safe.
public struct NetworkStore: Sendable {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func transaction<T>(_ body: (NetworkStore) throws -> T) throws -> T {
        try database.transaction { _ in try body(self) }
    }

    func insert(_ network: Network, secrets: NetworkSecrets) throws {
        try database.run("INSERT INTO networks (id, tenant_id, name, status, created_at, document, secrets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [.text(network.id), network.tenantID.map(SQLiteValue.text) ?? .null, .text(network.name),
                          .text(network.status), HostStore.ms(network.createdAt), .text(HostStore.json(network)),
                          .text(HostStore.json(secrets))])
    }

    func update(_ network: Network) throws {
        try database.run("UPDATE networks SET status = ?, document = ? WHERE id = ?",
                         [.text(network.status), .text(HostStore.json(network)), .text(network.id)])
    }

    func update(networkID: String, secrets: NetworkSecrets) throws {
        try database.run("UPDATE networks SET secrets = ? WHERE id = ?", [.text(HostStore.json(secrets)), .text(networkID)])
    }

    func network(id: String) throws -> Network? {
        try database.queryFirst("SELECT document FROM networks WHERE id = ?", [.text(id)]).flatMap {
            HostStore.decode(Network.self, try $0.string("document"))
        }
    }

    func secrets(networkID: String) throws -> NetworkSecrets {
        try database.queryFirst("SELECT secrets FROM networks WHERE id = ?", [.text(networkID)]).flatMap {
            HostStore.decode(NetworkSecrets.self, try $0.string("secrets"))
        } ?? NetworkSecrets()
    }

    /// Networks after `cursor` by id, of one tenant (its own and those it joined) or (nil) of every tenant.
    func networks(tenantID: String??, after cursor: String?, limit: Int) throws -> [Network] {
        let rows: [SQLiteRow]
        switch tenantID {
        case .some(.some(let tenant)):
            // A tenant's own networks and those it joined (listed in the document's member_tenants).
            rows = try database.query("""
                SELECT document FROM networks WHERE (tenant_id = ?
                    OR EXISTS (SELECT 1 FROM json_each(document, '$.member_tenants') WHERE value = ?))
                  AND id > ? ORDER BY id LIMIT ?
                """, [.text(tenant), .text(tenant), .text(cursor ?? ""), .integer(Int64(limit))])
        default:
            rows = try database.query("SELECT document FROM networks WHERE id > ? ORDER BY id LIMIT ?",
                                      [.text(cursor ?? ""), .integer(Int64(limit))])
        }
        return try rows.compactMap { HostStore.decode(Network.self, try $0.string("document")) }
    }

    /// Every network's nodes, for port allocation.
    func allNodes() throws -> [Network.Node] {
        try database.query("SELECT document FROM networks WHERE status != 'rolled_back'", []).flatMap {
            HostStore.decode(Network.self, try $0.string("document"))?.nodes ?? []
        }
    }

    func insert(_ job: NetworkJob) throws {
        try database.run("INSERT INTO network_jobs (id, tenant_id, network_id, status, created_at, document) VALUES (?, ?, ?, ?, ?, ?)",
                         [.text(job.id), job.tenantID.map(SQLiteValue.text) ?? .null, .text(job.networkID), .text(job.status),
                          HostStore.ms(job.createdAt), .text(HostStore.json(job))])
    }

    func update(_ job: NetworkJob) throws {
        try database.run("UPDATE network_jobs SET status = ?, document = ? WHERE id = ?",
                         [.text(job.status), .text(HostStore.json(job)), .text(job.id)])
    }

    func latestDeployJob(networkID: String) throws -> NetworkJob? {
        try database.query("SELECT document FROM network_jobs WHERE network_id = ? ORDER BY created_at DESC", [.text(networkID)])
            .compactMap { HostStore.decode(NetworkJob.self, try $0.string("document")) }
            .first { $0.kind == "deploy" }
    }

    func job(id: String) throws -> NetworkJob? {
        try database.queryFirst("SELECT document FROM network_jobs WHERE id = ?", [.text(id)]).flatMap {
            HostStore.decode(NetworkJob.self, try $0.string("document"))
        }
    }
}
