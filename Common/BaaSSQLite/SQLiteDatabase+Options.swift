extension SQLiteDatabase {
    /// How a connection is opened.
    public struct Options: Sendable {
        /// How hard SQLite pushes a commit to disk.
        public enum Synchronous: String, Sendable {
            /// fsync at WAL checkpoints only: a power loss may undo the last commits, never corrupt.
            /// The default.
            case normal = "NORMAL"
            /// fsync on every commit: what a ledger needs when a commit is acknowledged to others.
            case full = "FULL"
        }

        /// Open without write access; the file must exist. No journal mode change is attempted.
        public var readOnly: Bool
        /// See `Synchronous`.
        public var synchronous: Synchronous
        /// How long a statement waits for another connection's lock before `sqlite.busy`.
        public var busyTimeout: Duration

        public init(readOnly: Bool = false, synchronous: Synchronous = .normal,
                    busyTimeout: Duration = .seconds(5)) {
            self.readOnly = readOnly
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
        }
    }
}
