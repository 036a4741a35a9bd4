import Synchronization

/// A `TLSContext` that can be replaced while connections are being accepted.
///
/// Listeners read `current` once per new connection; `reload` builds the new context first, so a
/// bad certificate or CRL leaves the old one in force. Thread-safe.
public final class ReloadableTLSContext: Sendable {
    private let context: Mutex<TLSContext>

    /// Starts with `context`.
    public init(_ context: TLSContext) {
        self.context = Mutex(context)
    }

    /// Compiles `configuration` for `role` and starts with it.
    /// - Throws: `CryptoError` as `TLSContext.init` does.
    public convenience init(configuration: TLSConfiguration, role: TLSContext.Role) throws {
        self.init(try TLSContext(configuration: configuration, role: role))
    }

    /// The context new connections use now.
    public var current: TLSContext {
        context.withLock { $0 }
    }

    /// Publishes `newContext` for connections accepted from now on.
    public func replace(with newContext: TLSContext) {
        context.withLock { $0 = newContext }
    }

    /// Compiles `configuration` with the current role and publishes it.
    /// - Throws: `CryptoError` as `TLSContext.init` does; the old context then stays in force.
    public func reload(_ configuration: TLSConfiguration) throws {
        let role = current.role
        replace(with: try TLSContext(configuration: configuration, role: role))
    }
}
