internal import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd about the program's state with `sd_notify`: `READY=1`, `STATUS=…`,
/// `STOPPING=1`, `WATCHDOG=1`, for `Type=notify` units with `WatchdogSec=`.
///
/// Every call is a no-op when `NOTIFY_SOCKET` is not set (not started by systemd). `sd_notify`
/// reads `NOTIFY_SOCKET` at each call, so the variable must be set before the first call and left
/// alone after. Sends are non-blocking datagrams; failures are ignored (systemd may be gone).
public struct SystemdNotifier: Sendable {
    public init() {}

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
        sd_notify(0, assignments.joined(separator: "\n")) > 0
    }

    /// How often systemd expects `WATCHDOG=1`: `WATCHDOG_USEC`, when it is set and meant for this
    /// process (`WATCHDOG_PID` absent or equal to our pid); `nil` otherwise.
    public var watchdogTimeout: Duration? {
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

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
