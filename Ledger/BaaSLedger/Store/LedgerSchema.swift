import BaaSSQLite

/// The ledger database's migrations (append-only).
enum LedgerSchema {
    static let migrator = Migrator([
        Migration(version: 1, name: "create_ledger", sql: """
            CREATE TABLE ledger_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
            CREATE TABLE blocks (height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
            CREATE TABLE transactions (
                hash BLOB PRIMARY KEY, height INTEGER NOT NULL, position INTEGER NOT NULL, receipt BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE state (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE raft_log (idx INTEGER PRIMARY KEY, term INTEGER NOT NULL, entry BLOB NOT NULL);
            CREATE TABLE raft_state (name TEXT PRIMARY KEY, value BLOB NOT NULL);
            """),
        // Receipts of recently committed transactions, appended in commit order and moved into
        // `transactions` (sorted by hash) in large batches: an insert into the hash-keyed table
        // dirties one random page per transaction, which made every block rewrite most of it.
        Migration(version: 2, name: "stage_transaction_index", sql: """
            CREATE TABLE transactions_recent (
                seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, height INTEGER NOT NULL, position INTEGER NOT NULL,
                receipt BLOB NOT NULL
            );
            """),
        // The staged receipts move into `transactions` one hash range per block: found by this
        // index, not by a scan of every staged row.
        Migration(version: 3, name: "stage_index_by_hash", sql: """
            CREATE INDEX transactions_recent_hash ON transactions_recent (hash, seq);
            """),
    ], program: "baas-ledger")
}
