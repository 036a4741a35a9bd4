/// Brings a database's schema to the version this build knows, one recorded migration at a time.
///
/// Applied migrations are recorded in `schema_migrations (version, name, checksum, applied_at)`.
/// `migrate` refuses, without changing anything, a database that:
/// - has a migration this build does not know (it was written by a newer build):
///   `sqlite.migration_unknown`;
/// - records a migration whose name or SQL differs from this build's (an edited migration):
///   `sqlite.migration_modified`;
/// - lacks a migration older than ones it has (history rewritten): `sqlite.migration_missing`.
/// A migration whose SQL fails leaves the database at the previous version:
/// `sqlite.migration_failed`. A list that is not numbered 1, 2, 3 … is `sqlite.migration_invalid`.
///
/// Several processes may migrate one file at once: each migration runs in a `BEGIN IMMEDIATE`
/// transaction that first re-reads the record, so each is applied exactly once.
public struct Migrator: Sendable {
    /// The migrations, in order.
    public let migrations: [Migration]
    /// The program named in advice ("run a newer baas-controller").
    public let program: String

    public init(_ migrations: [Migration], program: String) {
        self.migrations = migrations
        self.program = program
    }

    /// Checks the recorded history against this build and applies what is missing.
    /// Returns the versions applied now (empty when the schema was current).
    @discardableResult
    public func migrate(_ database: SQLiteDatabase) throws -> [Int] {
        try validateList()
        try database.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """)
        try verifyHistory(database)
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try database.transaction { db -> Bool in
                if let row = try db.queryFirst("SELECT name, checksum FROM schema_migrations WHERE version = ?",
                                               [.integer(Int64(migration.version))]) {
                    try verify(migration, recordedName: row.string("name"),
                               recordedChecksum: row.string("checksum"), path: db.path)
                    return false
                }
                do {
                    try db.execute(migration.sql)
                } catch let error as SQLiteError {
                    throw SQLiteError("sqlite.migration_failed",
                                      "migration \(migration.version) ('\(migration.name)') failed on database at "
                                      + "\(db.path) and was rolled back; the schema stays at version "
                                      + "\(migration.version - 1). \(error.message)")
                }
                try db.run("INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                           [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// The highest version recorded in the database (0 for a fresh one).
    public static func currentVersion(of database: SQLiteDatabase) throws -> Int {
        let exists = try database.queryFirst(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != nil
        guard exists else { return 0 }
        return try database.queryFirst("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
    }

    private func validateList() throws {
        for (offset, migration) in migrations.enumerated() where migration.version != offset + 1 {
            throw SQLiteError("sqlite.migration_invalid",
                              "the migrations of this build are numbered wrongly: position \(offset + 1) holds "
                              + "version \(migration.version) ('\(migration.name)'); they must run 1, 2, 3 … "
                              + "with no gaps. This is a bug in \(program).")
        }
    }

    private func verifyHistory(_ database: SQLiteDatabase) throws {
        let rows = try database.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var recorded = Set<Int>()
        for row in rows {
            let version = try row.int("version")
            recorded.insert(version)
            guard let migration = known[version] else {
                throw SQLiteError("sqlite.migration_unknown",
                                  "database at \(database.path) has migration \(version) ('\(try row.string("name"))') "
                                  + "which this build does not know; run a newer \(program) or restore a backup")
            }
            try verify(migration, recordedName: row.string("name"), recordedChecksum: row.string("checksum"),
                       path: database.path)
        }
        if let highest = recorded.max(),
           let gap = migrations.first(where: { $0.version < highest && !recorded.contains($0.version) }) {
            throw SQLiteError("sqlite.migration_missing",
                              "database at \(database.path) has migration \(highest) but not migration "
                              + "\(gap.version) ('\(gap.name)'), so its history was changed outside \(program); "
                              + "restore a backup")
        }
    }

    private func verify(_ migration: Migration, recordedName: String, recordedChecksum: String, path: String) throws {
        guard recordedName == migration.name, recordedChecksum == migration.checksum else {
            throw SQLiteError("sqlite.migration_modified",
                              "database at \(path) recorded migration \(migration.version) as '\(recordedName)' "
                              + "(\(recordedChecksum)) but this build has '\(migration.name)' "
                              + "(\(migration.checksum)); a released migration must never be edited. Restore the "
                              + "original migration in the code, or restore a backup made by the matching build")
        }
    }
}
