/// Something long-running in a program: a listener, a session, a collector loop.
///
/// `run` does the work until the task is cancelled, then cleans up and returns (throwing
/// `CancellationError` on cancellation is fine too). Throwing anything else means the service
/// failed; in a `ServiceGroup` that shuts the whole group down.
public protocol Service: Sendable {
    func run() async throws
}
