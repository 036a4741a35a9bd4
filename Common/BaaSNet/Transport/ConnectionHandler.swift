/// Receives the events of one `Connection`.
///
/// Every method is called on the connection's event-loop thread, one at a time, so a handler needs
/// no locking for its own state. A handler must not block: hand slow work to a `Task` and write the
/// result back with `Connection.write` (thread-safe).
public protocol ConnectionHandler: AnyObject {
    /// The connection is usable: TLS handshake done (`peerIdentity` is set) or plain TCP connected.
    func connectionDidBecomeActive(_ connection: Connection)
    /// Bytes arrived (decrypted, in order). Called only between becoming active and closing.
    func connection(_ connection: Connection, didReceive bytes: [UInt8])
    /// The connection is closed; called exactly once, also when it never became active
    /// (a failed handshake, with the reason in `error`). `error` is `nil` for an orderly close.
    func connectionDidClose(_ connection: Connection, error: NetError?)
    /// The deadline set with `Connection.setDeadline` passed. The default closes the connection.
    func connectionDeadlineExpired(_ connection: Connection)
}

extension ConnectionHandler {
    public func connectionDeadlineExpired(_ connection: Connection) {
        connection.abort(NetError("net.timeout", "the connection to \(connection.remoteAddress) timed out"))
    }
}
