#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd about the program's state the way `sd_notify` does: `READY=1`, `STATUS=…`,
/// `STOPPING=1`, `WATCHDOG=1`, for `Type=notify` units with `WatchdogSec=`.
///
/// The notify protocol is one datagram of `NAME=value` lines to the unix socket named by
/// `NOTIFY_SOCKET` (a path, or `@name` in the abstract namespace); it is sent here directly rather
/// than through libsystemd, which would map seven more libraries into every program (1 MB of the
/// agent's RSS, docs/benchmarks.md). With `init()`, every call is a no-op when `NOTIFY_SOCKET` is
/// not set (not started by systemd). `NOTIFY_SOCKET` is read at each call, so the variable must be
/// set before the first call and left alone after. Sends are non-blocking datagrams; failures are
/// ignored (systemd may be gone).
public struct SystemdNotifier: Sendable {
    private struct Destination: Sendable {
        let socketPath: String
        let watchdogTimeout: Duration?
    }

    // nil: the environment decides at each call, as systemd sets it up.
    private let destination: Destination?

    public init() {
        destination = nil
    }

    /// A notifier that ignores `NOTIFY_SOCKET` and `WATCHDOG_USEC` and reports to `socketPath`
    /// (a filesystem path; `@name` for the abstract namespace) with the given watchdog timeout.
    ///
    /// For a program that must not let the environment, which child processes inherit, carry
    /// its notify socket, and for tests: setting the variables process-wide would also point
    /// every program spawned meanwhile at the test's socket.
    public init(socketPath: String, watchdogTimeout: Duration? = nil) {
        destination = Destination(socketPath: socketPath, watchdogTimeout: watchdogTimeout)
    }

    /// `READY=1`, with an optional `STATUS=`: the program is up and serving.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        send(["READY=1"] + (status.map { ["STATUS=" + Self.oneLine($0)] } ?? []))
    }

    /// `STATUS=…`: a line shown by `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        send(["STATUS=" + Self.oneLine(text)])
    }

    /// `STOPPING=1`: the program began an orderly shutdown.
    @discardableResult
    public func stopping() -> Bool {
        send(["STOPPING=1"])
    }

    /// `WATCHDOG=1`: the program is still alive.
    @discardableResult
    public func watchdog() -> Bool {
        send(["WATCHDOG=1"])
    }

    /// Sends raw assignments (`NAME=value`), one per line, in one datagram. Returns whether a
    /// message was sent (false without `NOTIFY_SOCKET` or on error).
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        let message = assignments.joined(separator: "\n")
        guard let destination else {
            guard let path = getenv("NOTIFY_SOCKET").map({ String(cString: $0) }),
                  path.hasPrefix("/") || path.hasPrefix("@") else { return false }
            return Self.send(message, to: path)
        }
        return Self.send(message, to: destination.socketPath)
    }

    /// How often systemd expects `WATCHDOG=1`: `WATCHDOG_USEC`, when it is set and meant for this
    /// process (`WATCHDOG_PID` absent or equal to our pid), or the timeout given to
    /// `init(socketPath:watchdogTimeout:)`; `nil` otherwise.
    public var watchdogTimeout: Duration? {
        if let destination { return destination.watchdogTimeout }
        guard let usecText = getenv("WATCHDOG_USEC").map({ String(cString: $0) }) else { return nil }
        let pidText = getenv("WATCHDOG_PID").map { String(cString: $0) }
        return Self.watchdogTimeout(usec: usecText, pid: pidText, ownPID: Int(getpid()))
    }

    /// Pings the watchdog at half its timeout until the task is cancelled; returns at once when no
    /// watchdog is configured.
    public func runWatchdog() async {
        guard let timeout = watchdogTimeout else { return }
        let interval = timeout / 2
        while !Task.isCancelled {
            watchdog()
            try? await Task.sleep(for: interval)
        }
    }

    /// The watchdog timeout from the environment's text, if it applies to process `ownPID`.
    static func watchdogTimeout(usec: String, pid: String?, ownPID: Int) -> Duration? {
        guard let microseconds = UInt64(usec), microseconds > 0 else { return nil }
        if let pid, Int(pid) != ownPID { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// One datagram to a unix socket, as `sd_notify` sends it.
    private static func send(_ message: String, to path: String) -> Bool {
        UnixDatagram.send(Array(message.utf8), to: path)
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
