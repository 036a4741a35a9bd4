import Testing
import BaaSSQLite

@Suite struct MigratorTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.file("controller.sqlite")
    }

    static let v1 = Migration(version: 1, name: "create_hosts",
                              sql: "CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    static let v2 = Migration(version: 2, name: "add_host_region",
                              sql: "ALTER TABLE hosts ADD COLUMN region TEXT NOT NULL DEFAULT 'default'")
    static let v3 = Migration(version: 3, name: "create_jobs",
                              sql: "CREATE TABLE jobs (id INTEGER PRIMARY KEY, host_id INTEGER REFERENCES hosts(id))")

    func migrator(_ migrations: [Migration]) -> Migrator {
        Migrator(migrations, program: "baas-controller")
    }

    @Test func newerBuildMigratesAnExistingFileAndKeepsItsData() throws {
        do {
            let database = try SQLiteDatabase(path: path)
            #expect(try migrator([Self.v1]).migrate(database) == [1])
            try database.run("INSERT INTO hosts (name) VALUES (?)", ["host-a"])
        }
        let database = try SQLiteDatabase(path: path)
        #expect(try migrator([Self.v1, Self.v2, Self.v3]).migrate(database) == [2, 3])
        let row = try #require(try database.queryFirst("SELECT name, region FROM hosts"))
        #expect(try row.string("name") == "host-a")
        #expect(try row.string("region") == "default")
        #expect(try Migrator.currentVersion(of: database) == 3)
        #expect(try migrator([Self.v1, Self.v2, Self.v3]).migrate(database) == [])
        let recorded = try database.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        #expect(try recorded.map { try $0.string("name") } == ["create_hosts", "add_host_region", "create_jobs"])
        #expect(try recorded[0].string("checksum") == Self.v1.checksum)
    }

    @Test func editedMigrationIsRefused() throws {
        let database = try SQLiteDatabase(path: path)
        try migrator([Self.v1, Self.v2]).migrate(database)
        let edited = Migration(version: 2, name: "add_host_region",
                               sql: "ALTER TABLE hosts ADD COLUMN region TEXT NOT NULL DEFAULT 'eu'")
        let error = try #require(throws: SQLiteError.self) {
            try migrator([Self.v1, edited, Self.v3]).migrate(database)
        }
        #expect(error.code == "sqlite.migration_modified")
        #expect(error.message.contains("migration 2"))
        #expect(try Migrator.currentVersion(of: database) == 2)
        #expect(try database.query("SELECT name FROM sqlite_master WHERE name = 'jobs'").isEmpty)
    }

    @Test func databaseFromANewerBuildIsRefusedWithAdvice() throws {
        let database = try SQLiteDatabase(path: path)
        try migrator([Self.v1, Self.v2, Self.v3]).migrate(database)
        let error = try #require(throws: SQLiteError.self) { try migrator([Self.v1, Self.v2]).migrate(database) }
        #expect(error.code == "sqlite.migration_unknown")
        #expect(error.message.contains("database at \(path) has migration 3"))
        #expect(error.message.contains("run a newer baas-controller or restore a backup"))
    }

    @Test func historyWithAGapIsRefused() throws {
        let database = try SQLiteDatabase(path: path)
        try migrator([Self.v1, Self.v2]).migrate(database)
        try database.run("DELETE FROM schema_migrations WHERE version = 1")
        #expect(throws: SQLiteError("sqlite.migration_missing", "")) {
            try migrator([Self.v1, Self.v2]).migrate(database)
        }
    }

    @Test func failingMigrationRollsBackAndLeavesThePreviousVersion() throws {
        let database = try SQLiteDatabase(path: path)
        let broken = Migration(version: 2, name: "broken",
                               sql: "CREATE TABLE half (a); INSERT INTO nowhere VALUES (1)")
        let error = try #require(throws: SQLiteError.self) { try migrator([Self.v1, broken]).migrate(database) }
        #expect(error.code == "sqlite.migration_failed")
        #expect(error.message.contains("no such table: nowhere"))
        #expect(try Migrator.currentVersion(of: database) == 1)
        #expect(try database.query("SELECT name FROM sqlite_master WHERE name = 'half'").isEmpty)
    }

    @Test(arguments: [[v2], [v1, v3], [v1, v1]])
    func wronglyNumberedListIsRejected(migrations: [Migration]) throws {
        let database = try SQLiteDatabase(path: path)
        #expect(throws: SQLiteError("sqlite.migration_invalid", "")) { try migrator(migrations).migrate(database) }
        #expect(try Migrator.currentVersion(of: database) == 0)
    }

    @Test func checksumChangesWithTheSQLOnly() {
        #expect(Self.v1.checksum == Migration(version: 9, name: "other", sql: Self.v1.sql).checksum)
        #expect(Self.v1.checksum != Self.v2.checksum)
        #expect(Self.v1.checksum.hasPrefix("fnv1a64:"))
        #expect(Self.v1.checksum.count == "fnv1a64:".count + 16)
    }
}
