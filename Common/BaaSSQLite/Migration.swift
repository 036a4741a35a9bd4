/// One numbered schema change. Migrations are append-only: once released, a migration's SQL is
/// never edited; a later migration changes what an earlier one did.
public struct Migration: Sendable, Equatable {
    /// 1, 2, 3 … with no gaps.
    public let version: Int
    /// A short name for people (`create_hosts`).
    public let name: String
    /// The script, run in one transaction together with its record in `schema_migrations`: it
    /// must not contain `BEGIN`/`COMMIT`, and `PRAGMA foreign_keys` has no effect inside it (a
    /// table rebuild uses `PRAGMA defer_foreign_keys = ON` instead).
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// A fingerprint of the SQL text (64-bit FNV-1a, hex) that detects an edited migration.
    /// It guards against mistakes, not against an attacker who can write the database file.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
