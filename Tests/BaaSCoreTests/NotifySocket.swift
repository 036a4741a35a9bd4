import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A datagram socket standing in for systemd's notify socket: bound in a fresh temp directory,
/// closed and removed when released.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let directory: String
    private let descriptor: Int32

    init() throws {
        directory = FileManager.default.temporaryDirectory.path + "/baas-notify-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/notify.sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            bytes.copyBytes(from: path.utf8.prefix(bytes.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(descriptor)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    func receive(timeout: Duration = .seconds(3)) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000
                                 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Datagrams as they arrive until `enough` holds for all received so far, or `limit` passes.
    /// Polls without blocking so the test's thread stays free for the code under test.
    func collect(within limit: Duration, until enough: ([String]) -> Bool) async -> [String] {
        let clock = ContinuousClock()
        let end = clock.now + limit
        var messages: [String] = []
        while !enough(messages), clock.now < end {
            if let message = receive(timeout: .zero) {
                messages.append(message)
            } else {
                do { try await Task.sleep(for: .milliseconds(10)) } catch { break }
            }
        }
        return messages
    }

    /// Every datagram until none arrives for `quiet`.
    func drain(quiet: Duration = .milliseconds(100)) -> [String] {
        var messages: [String] = []
        while let message = receive(timeout: quiet) { messages.append(message) }
        return messages
    }
}

/// Sets an environment variable for the duration of `body`, then restores the old value.
func withEnvironment<T>(_ name: String, _ value: String, _ body: () async throws -> T) async rethrows -> T {
    let saved = getenv(name).map { String(cString: $0) }
    setenv(name, value, 1)
    defer {
        if let saved { setenv(name, saved, 1) } else { unsetenv(name) }
    }
    return try await body()
}
