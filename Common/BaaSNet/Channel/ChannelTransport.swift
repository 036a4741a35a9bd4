/// The byte pipe under a `ChannelConnection`: a mutual-TLS connection in production, an
/// in-memory pipe in tests.
///
/// - Note: `send`, `close` and `scheduleTick` may be called from any thread; an implementation hands the work
///   to its own event loop. Neither may call back into the connection synchronously.
package protocol ChannelTransport: AnyObject, Sendable {
    /// Queues bytes for writing, in order.
    func send(_ bytes: [UInt8])
    /// Flushes what was queued, then closes.
    func close()
    /// Asks for one `ChannelConnection.tick()` after `delay`; a later request replaces an earlier one.
    func scheduleTick(after delay: Duration)
}
