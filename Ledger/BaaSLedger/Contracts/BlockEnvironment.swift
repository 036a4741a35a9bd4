/// The block a transaction executes in, as contract code sees it (`NUMBER`, `TIMESTAMP`).
public struct BlockEnvironment: Sendable, Hashable {
    /// The block's height.
    public var height: UInt64
    /// The block header's timestamp; `TIMESTAMP` reads it in whole seconds.
    public var timestampMilliseconds: UInt64

    /// An environment; the defaults (height and time zero) suit read-only calls in tests.
    public init(height: UInt64 = 0, timestampMilliseconds: UInt64 = 0) {
        self.height = height
        self.timestampMilliseconds = timestampMilliseconds
    }
}
