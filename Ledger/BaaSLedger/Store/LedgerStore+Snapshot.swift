import BaaSCrypto
import BaaSSQLite

extension LedgerStore {
    /// The snapshot format version.
    static let snapshotVersion: UInt8 = 1

    /// The current state with the head block's header, for a new or lagging node to start from
    /// without replaying history.
    ///
    /// Format: `01`, the genesis hash, the head header, then every state entry sorted by key
    /// (length-prefixed key and value). The receiving node checks it against its genesis and the
    /// header's state root.
    public func exportSnapshot() -> [UInt8] {
        lock.withLock { _ in
            var w = BinaryWriter(capacity: 1 << 16)
            w.u8(Self.snapshotVersion)
            w.byteString(genesis.hash)
            w.byteString(headHeader.encoded())
            let entries = state.entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            w.varint(UInt64(entries.count))
            for (key, value) in entries {
                w.byteString(key)
                w.byteString(value)
            }
            return w.bytes
        }
    }

    /// Replaces this store's state with `snapshot`, whose head must be ahead of this store's.
    /// Blocks before the snapshot's head are not fetched; `block(at:)` answers nil for them.
    ///
    /// - Throws: `ledger.snapshot` when the snapshot is malformed, from another network, not
    ///   ahead of this store, or its entries do not give its header's state root; nothing changes
    ///   then. `SQLiteError` when the disk fails.
    public func importSnapshot(_ snapshot: [UInt8]) throws {
        try writer.withLock { _ in try replaceState(with: snapshot) }
    }

    private func replaceState(with snapshot: [UInt8]) throws {
        let (header, entries) = try decodeSnapshot(snapshot)
        let imported: LedgerState
        do {
            imported = try LedgerState(hashAlgorithm: genesis.hashAlgorithm, entries: entries)
        } catch let error as LedgerError {
            throw LedgerError("ledger.snapshot", "the snapshot's state cannot be read: \(error.message)")
        }
        guard imported.root == header.stateRoot else {
            throw LedgerError("ledger.snapshot",
                              "the snapshot's state does not give the state root of its block \(header.height); fetch it again from another peer")
        }
        try lock.withLock { _ in
            guard header.height > headHeader.height else {
                throw LedgerError("ledger.snapshot",
                                  "the snapshot is at block \(header.height) but this store is already at \(headHeader.height)")
            }
            try database.transaction { db in
                try db.run("DELETE FROM state")
                try writeState(entries.map { ($0.key, $0.value) }, db)
                try db.run("UPDATE ledger_meta SET value = ? WHERE name = 'head'", [.blob(header.encoded())])
            }
            state = imported
            headHeader = header
        }
    }

    private func decodeSnapshot(_ bytes: [UInt8]) throws -> (BlockHeader, [[UInt8]: [UInt8]]) {
        do {
            var r = BinaryReader(bytes)
            let version = try r.u8()
            guard version == Self.snapshotVersion else { throw LedgerError.malformed("snapshot version \(version)") }
            guard try r.byteString(limit: 64) == genesis.hash else {
                throw LedgerError("ledger.snapshot", "the snapshot belongs to another network (its genesis differs)")
            }
            let header = try BlockHeader(decoding: r.byteString(limit: 4096))
            var entries: [[UInt8]: [UInt8]] = [:]
            var previous: [UInt8]?
            for _ in 0..<(try r.length(limit: Int(Int32.max), minimumSize: 2)) {
                let key = try r.byteString(limit: 1024)
                if let previous, !previous.lexicographicallyPrecedes(key) {
                    throw LedgerError.malformed("snapshot entries are not sorted by key")
                }
                entries[key] = try r.byteString()
                previous = key
            }
            try r.finish()
            return (header, entries)
        } catch let error as LedgerError where error.code == "ledger.malformed" {
            throw LedgerError("ledger.snapshot", "the snapshot cannot be read: \(error.message)")
        }
    }
}
