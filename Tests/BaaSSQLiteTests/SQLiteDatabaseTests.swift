import Foundation
import Testing
import BaaSSQLite

@Suite struct SQLiteDatabaseTests {
    let directory: TemporaryDirectory
    let database: SQLiteDatabase

    init() throws {
        directory = try TemporaryDirectory()
        database = try SQLiteDatabase(path: directory.file("test.sqlite"))
    }

    static let roundTripValues: [SQLiteValue] = [
        .null,
        .integer(0), .integer(Int64.max), .integer(Int64.min),
        .real(3.25), .real(-0.000_001),
        .text(""), .text("plain"), .text("unicode: 区块链 ✓ 🚀"), .text("embedded\u{0}nul"),
        .blob([]), .blob([0, 1, 2, 255]),
    ]

    @Test(arguments: roundTripValues)
    func valueRoundTripsUnchanged(value: SQLiteValue) throws {
        try database.execute("CREATE TABLE t (v)")
        try database.run("INSERT INTO t (v) VALUES (?)", [value])
        let rows = try database.query("SELECT v FROM t")
        #expect(rows.count == 1)
        #expect(rows.first?[0] == value)
    }

    @Test func largeBlobRoundTripsUnchanged() throws {
        let blob = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try database.execute("CREATE TABLE t (v BLOB)")
        try database.run("INSERT INTO t (v) VALUES (?)", [.blob(blob)])
        #expect(try database.queryFirst("SELECT v FROM t")?.blob("v") == blob)
    }

    @Test func typedGettersReadWhatWasBound() throws {
        try database.execute("""
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, score REAL,
                                 admin INTEGER NOT NULL, key BLOB, note TEXT)
            """)
        let result = try database.run(
            "INSERT INTO people (name, age, score, admin, key, note) VALUES (?, ?, ?, ?, ?, ?)",
            [SQLiteValue("Zoë 张"), SQLiteValue(41), SQLiteValue(9.5), SQLiteValue(true), SQLiteValue([UInt8]([7, 0, 9])),
             SQLiteValue(String?.none)])
        #expect(result.changes == 1)
        let row = try #require(try database.queryFirst("SELECT * FROM people WHERE id = ?",
                                                       [.integer(result.lastInsertRowID)]))
        #expect(try row.string("name") == "Zoë 张")
        #expect(try row.int("age") == 41)
        #expect(try row.int64("age") == 41)
        #expect(try row.double("score") == 9.5)
        #expect(try row.double("age") == 41)
        #expect(try row.bool("admin"))
        #expect(try row.blob("key") == [7, 0, 9])
        #expect(try row.get("note", as: String?.self) == nil)
        #expect(row.isNull("note"))
        #expect(try row.get(1, as: String.self) == "Zoë 张")
        #expect(try row.string("NAME") == "Zoë 张")
    }

    @Test func readingTheWrongTypeOrAMissingColumnThrows() throws {
        let row = try #require(try database.queryFirst("SELECT 'text' AS t, NULL AS n, 2 AS two"))
        #expect(throws: SQLiteError("sqlite.column_type", "")) { try row.int("t") }
        #expect(throws: SQLiteError("sqlite.column_type", "")) { try row.string("n") }
        #expect(throws: SQLiteError("sqlite.column_type", "")) { try row.bool("two") }
        #expect(throws: SQLiteError("sqlite.no_such_column", "")) { try row.string("absent") }
        #expect(throws: SQLiteError("sqlite.no_such_column", "")) { try row.get(9, as: Int.self) }
    }

    @Test func namedParametersBindWithOrWithoutPrefix() throws {
        try database.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER, w TEXT)")
        try database.run("INSERT INTO kv VALUES (:key, @value, $word)",
                         named: ["key": "a", "@value": 1, "word": "x y"])
        let rows = try database.query("SELECT v, w FROM kv WHERE k = :k", named: [":k": "a"])
        #expect(rows.count == 1)
        #expect(try rows[0].int("v") == 1)
        #expect(try rows[0].string("w") == "x y")
    }

    @Test func unknownParameterNameOrWrongCountIsABindingError() throws {
        try database.execute("CREATE TABLE kv (k TEXT, v INTEGER)")
        #expect(throws: SQLiteError("sqlite.binding", "")) {
            try database.run("INSERT INTO kv VALUES (:k, :v)", named: ["k": "a", "nope": 1])
        }
        #expect(throws: SQLiteError("sqlite.binding", "")) {
            try database.run("INSERT INTO kv VALUES (?, ?)", ["only one"])
        }
        #expect(try database.query("SELECT * FROM kv").isEmpty)
    }

    @Test func preparedStatementRunsRepeatedlyAndSteps() throws {
        try database.execute("CREATE TABLE n (i INTEGER)")
        let insert = try database.prepare("INSERT INTO n VALUES (?)")
        #expect(insert.parameterCount == 1)
        for i in 1...5 { try insert.run([.integer(Int64(i))]) }
        let select = try database.prepare("SELECT i FROM n WHERE i > ? ORDER BY i")
        #expect(select.columns == ["i"])
        try select.bind([2])
        var seen: [Int] = []
        while let row = try select.step() { seen.append(try row.int("i")) }
        #expect(seen == [3, 4, 5])
        #expect(try select.query([4]).map { try $0.int("i") } == [5])
    }

    @Test func uniqueViolationIsAConstraintErrorWithSQLiteText() throws {
        try database.execute("CREATE TABLE users (name TEXT UNIQUE)")
        try database.run("INSERT INTO users VALUES (?)", ["alice"])
        let error = try #require(throws: SQLiteError.self) {
            try database.run("INSERT INTO users VALUES (?)", ["alice"])
        }
        #expect(error.code == "sqlite.constraint")
        #expect(error.message.contains("UNIQUE constraint failed: users.name"))
    }

    @Test func foreignKeysAreEnforced() throws {
        try database.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent(id))
            """)
        #expect(throws: SQLiteError("sqlite.constraint", "")) {
            try database.run("INSERT INTO child VALUES (?)", [42])
        }
    }

    @Test func malformedSQLReportsSQLitesMessage() throws {
        let error = try #require(throws: SQLiteError.self) { try database.query("SELEC 1") }
        #expect(error.code == "sqlite.syntax")
        #expect(error.message.contains("near \"SELEC\": syntax error"))
        let scriptError = try #require(throws: SQLiteError.self) {
            try database.execute("CREATE TABLE ok (a); CREATE TABLE broken (")
        }
        #expect(scriptError.code == "sqlite.syntax")
        #expect(scriptError.message.contains("incomplete input"))
        let missing = try #require(throws: SQLiteError.self) { try database.query("SELECT * FROM nowhere") }
        #expect(missing.message.contains("no such table: nowhere"))
    }

    @Test func transactionRollsBackEverythingWhenTheBodyThrows() throws {
        struct Abort: Error {}
        try database.execute("CREATE TABLE ledger (entry TEXT UNIQUE)")
        #expect(throws: Abort.self) {
            try database.transaction { db in
                try db.run("INSERT INTO ledger VALUES ('debit')")
                try db.run("INSERT INTO ledger VALUES ('credit')")
                throw Abort()
            }
        }
        #expect(throws: SQLiteError("sqlite.constraint", "")) {
            try database.transaction { db in
                try db.run("INSERT INTO ledger VALUES ('debit')")
                try db.run("INSERT INTO ledger VALUES ('debit')")
            }
        }
        #expect(try database.query("SELECT * FROM ledger").isEmpty)
        #expect(!database.isInTransaction)
        let committed = try database.transaction { db in
            try db.run("INSERT INTO ledger VALUES ('kept')").changes
        }
        #expect(committed == 1)
        #expect(try database.query("SELECT entry FROM ledger").map { try $0.string("entry") } == ["kept"])
    }

    @Test func nestedTransactionRollsBackOnlyItsSavepoint() throws {
        struct Abort: Error {}
        try database.execute("CREATE TABLE t (v TEXT)")
        try database.transaction { db in
            try db.run("INSERT INTO t VALUES ('outer-before')")
            #expect(throws: Abort.self) {
                try db.transaction { inner in
                    try inner.run("INSERT INTO t VALUES ('inner')")
                    throw Abort()
                }
            }
            try db.transaction { inner in
                try inner.run("INSERT INTO t VALUES ('inner-kept')")
            }
            try db.run("INSERT INTO t VALUES ('outer-after')")
        }
        let values = try database.query("SELECT v FROM t ORDER BY rowid").map { try $0.string("v") }
        #expect(values == ["outer-before", "inner-kept", "outer-after"])
    }

    @Test func fullDatabaseIsReportedAndEarlierDataSurvives() throws {
        try database.execute("CREATE TABLE blobs (b BLOB)")
        try database.run("INSERT INTO blobs VALUES (?)", [.blob([1, 2, 3])])
        let pages = try #require(try database.queryFirst("PRAGMA page_count")?.get(0, as: Int.self))
        _ = try database.query("PRAGMA max_page_count = \(pages + 2)")
        let error = try #require(throws: SQLiteError.self) {
            try database.transaction { db in
                for _ in 0..<10 {
                    try db.run("INSERT INTO blobs VALUES (?)", [.blob(Array(repeating: 9, count: 8192))])
                }
            }
        }
        #expect(error.code == "sqlite.full")
        #expect(error.message.contains("database or disk is full"))
        #expect(error.message.contains("nothing of it was written"))
        #expect(!database.isInTransaction)
        let rows = try database.query("SELECT b FROM blobs")
        #expect(try rows.map { try $0.blob("b") } == [[1, 2, 3]])
    }

    @Test func opensInWALWithChosenSynchronousLevel() throws {
        #expect(try database.queryFirst("PRAGMA journal_mode")?.get(0, as: String.self) == "wal")
        #expect(try database.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) == 1)
        #expect(try database.queryFirst("PRAGMA foreign_keys")?.get(0, as: Int.self) == 1)
        let ledger = try SQLiteDatabase(path: directory.file("ledger.sqlite"), options: .init(synchronous: .full))
        #expect(try ledger.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) == 2)
    }

    @Test func readerSeesCommittedDataWhileWriterHoldsATransaction() throws {
        try database.execute("CREATE TABLE t (v INTEGER)")
        try database.run("INSERT INTO t VALUES (1)")
        let reader = try SQLiteDatabase(path: database.path, options: .init(readOnly: true))
        try database.transaction { writer in
            try writer.run("INSERT INTO t VALUES (2)")
            let seen = try reader.query("SELECT v FROM t").map { try $0.int("v") }
            #expect(seen == [1])
        }
        #expect(try reader.query("SELECT v FROM t ORDER BY v").map { try $0.int("v") } == [1, 2])
    }

    @Test func readTransactionKeepsOneSnapshotWhileAnotherConnectionCommits() throws {
        try database.execute("CREATE TABLE t (v INTEGER)")
        try database.run("INSERT INTO t VALUES (1)")
        let reader = try SQLiteDatabase(path: database.path, options: .init(readOnly: true))
        let counts = try reader.readTransaction { db in
            let before = try #require(try db.queryFirst("SELECT count(*) AS n FROM t")).int("n")
            try database.run("INSERT INTO t VALUES (2)")
            let after = try #require(try db.queryFirst("SELECT count(*) AS n FROM t")).int("n")
            return (before, after)
        }
        #expect(counts == (1, 1))
        #expect(try reader.queryFirst("SELECT count(*) AS n FROM t")?.int("n") == 2)
    }

    @Test func secondWriterGetsBusyAfterItsTimeout() throws {
        try database.execute("CREATE TABLE t (v INTEGER)")
        let other = try SQLiteDatabase(path: database.path, options: .init(busyTimeout: .milliseconds(100)))
        try database.transaction { writer in
            try writer.run("INSERT INTO t VALUES (1)")
            let started = ContinuousClock.now
            #expect(throws: SQLiteError("sqlite.busy", "")) {
                try other.transaction { try $0.run("INSERT INTO t VALUES (2)") }
            }
            #expect(ContinuousClock.now - started >= .milliseconds(90))
        }
        #expect(try database.query("SELECT v FROM t").count == 1)
    }

    @Test func readOnlyConnectionRefusesWrites() throws {
        try database.execute("CREATE TABLE t (v INTEGER)")
        let reader = try SQLiteDatabase(path: database.path, options: .init(readOnly: true))
        #expect(throws: SQLiteError("sqlite.readonly", "")) { try reader.run("INSERT INTO t VALUES (1)") }
    }

    @Test func missingDirectoryOrFileFailsToOpen() throws {
        let error = try #require(throws: SQLiteError.self) {
            try SQLiteDatabase(path: directory.file("no/such/dir/db.sqlite"))
        }
        #expect(error.code == "sqlite.open_failed")
        #expect(error.message.contains("unable to open database file"))
        #expect(throws: SQLiteError("sqlite.open_failed", "")) {
            try SQLiteDatabase(path: directory.file("absent.sqlite"), options: .init(readOnly: true))
        }
    }

    @Test func fileThatIsNotADatabaseIsReportedCorrupt() throws {
        let path = directory.file("garbage.sqlite")
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: SQLiteError("sqlite.corrupt", "")) { try SQLiteDatabase(path: path) }
    }

    @Test func sharedConnectionSerializesConcurrentTransactions() async throws {
        try database.execute("CREATE TABLE counter (n INTEGER)")
        try database.run("INSERT INTO counter VALUES (0)")
        let database = self.database
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<50 {
                        try? database.transaction { db in
                            let n = try #require(try db.queryFirst("SELECT n FROM counter")).int("n")
                            try db.run("UPDATE counter SET n = ?", [.integer(Int64(n + 1))])
                        }
                    }
                }
            }
        }
        #expect(try database.queryFirst("SELECT n FROM counter")?.int("n") == 400)
    }

    @Test func inMemoryDatabaseWorksWithoutAFile() throws {
        let memory = try SQLiteDatabase.inMemory()
        try memory.execute("CREATE TABLE t (v TEXT)")
        try memory.run("INSERT INTO t VALUES (?)", ["x"])
        #expect(try memory.queryFirst("SELECT v FROM t")?.string("v") == "x")
    }
}
