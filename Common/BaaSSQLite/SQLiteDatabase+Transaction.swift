extension SQLiteDatabase {
    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` … `COMMIT`, or `ROLLBACK` when `body`
    /// throws (the error is rethrown). Nested calls become savepoints, rolled back alone when
    /// their body throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a transaction waits for (up to the busy
    /// timeout) or fails with `sqlite.busy` at its start rather than at its first write. The
    /// connection's lock is held for the whole body, so other threads sharing this object wait;
    /// keep bodies short and never block in them. The body is synchronous by design: a lock must
    /// not be held across a suspension point.
    @discardableResult
    public func transaction<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a read transaction (`BEGIN DEFERRED`): every query in it sees the same
    /// snapshot of the database, whatever other connections commit meanwhile. Works on read-only
    /// connections. Nested in another transaction, it is a savepoint of that one.
    @discardableResult
    public func readTransaction<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try transaction(begin: "BEGIN DEFERRED", body)
    }

    private func transaction<T>(begin: String, _ body: (SQLiteDatabase) throws -> T) throws -> T {
        try lock.withLock {
            let depth = transactionDepth
            let savepoint = "baas_savepoint_\(depth)"
            try execute(depth == 0 ? begin : "SAVEPOINT \(savepoint)")
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            let value: T
            do {
                value = try body(self)
            } catch {
                rollBack(depth: depth, savepoint: savepoint)
                throw error
            }
            do {
                try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
            } catch {
                rollBack(depth: depth, savepoint: savepoint)
                throw error
            }
            return value
        }
    }

    /// Undoes the transaction or savepoint. SQLite may already have rolled the whole transaction
    /// back itself (after `SQLITE_FULL`, say); then there is nothing left to undo.
    private func rollBack(depth: Int, savepoint: String) {
        guard isInTransaction else { return }
        if depth == 0 {
            try? execute("ROLLBACK")
        } else {
            try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
        }
    }
}
