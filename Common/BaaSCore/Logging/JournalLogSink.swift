#if canImport(Glibc)
import Glibc
#endif

/// Sends records to the systemd journal over its native protocol, one journal field per log field.
///
/// Each record becomes `MESSAGE` (the message followed by its fields in logfmt, so `journalctl`
/// shows them in its default view), `PRIORITY` (syslog level), `SYSLOG_IDENTIFIER` (the program),
/// `LOGGER` (the label), `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`, and every field as its own
/// upper-case journal field (`host_id` → `HOST_ID`) for `journalctl HOST_ID=…` queries.
///
/// The record is one datagram to journald's socket in the documented native format
/// (systemd.io/JOURNAL_NATIVE_PROTOCOL): `NAME=value\n`, or for a value with a newline `NAME\n`,
/// its length as 64-bit little endian, the value and `\n` — what `sd_journal_sendv` sends, without
/// linking libsystemd (seven libraries, 1 MB of the agent's RSS; docs/benchmarks.md). Thread-safe.
/// When a send fails (journald restarting, or a record larger than a datagram, which
/// `sd_journal_sendv` would pass in a memfd), the record goes to standard error as a logfmt line
/// instead, which under systemd is the journal stream too.
public struct JournalLogSink: LogSink {
    /// journald's native socket.
    public static let defaultSocketPath = "/run/systemd/journal/socket"

    /// The program name stored as `SYSLOG_IDENTIFIER`.
    public let identifier: String
    /// Where records are sent: journald's socket unless a test points elsewhere.
    public let socketPath: String

    public init(identifier: String, socketPath: String = JournalLogSink.defaultSocketPath) {
        self.identifier = identifier
        self.socketPath = socketPath
    }

    public func write(_ record: LogRecord) {
        let datagram = Self.datagram(Self.fields(for: record, identifier: identifier))
        if !UnixDatagram.send(datagram, to: socketPath, from: Self.descriptor) {
            StandardErrorLogSink().write(record)
        }
    }

    /// One process-wide socket for every record (made on first use, never closed), with the send
    /// buffer raised as libsystemd does so large records fit in one datagram.
    private static let descriptor: Int32 = {
        let descriptor = UnixDatagram.makeSocket()
        if descriptor >= 0 {
            var size: Int32 = 8 << 20
            _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return descriptor
    }()

    /// The native-protocol datagram for journal entries (`NAME=value`).
    public static func datagram(_ entries: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            let utf8 = Array(entry.utf8)
            guard let equals = utf8.firstIndex(of: UInt8(ascii: "=")), utf8[equals...].contains(UInt8(ascii: "\n")) else {
                bytes += utf8
                bytes.append(UInt8(ascii: "\n"))
                continue
            }
            let value = utf8[(equals + 1)...]
            bytes += utf8[..<equals]
            bytes.append(UInt8(ascii: "\n"))
            withUnsafeBytes(of: UInt64(value.count).littleEndian) { bytes += $0 }
            bytes += value
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The journal entries (`NAME=value`) for a record, in the order they are sent.
    public static func fields(for record: LogRecord, identifier: String) -> [String] {
        var message = record.message
        if !record.fields.isEmpty { message += " " + LogfmtRenderer.fields(record.fields) }
        var entries = [
            "MESSAGE=" + message,
            "PRIORITY=\(record.level.syslogPriority)",
            "SYSLOG_IDENTIFIER=" + identifier,
            "LOGGER=" + record.label,
            "CODE_FILE=" + record.file,
            "CODE_LINE=\(record.line)",
            "CODE_FUNC=" + record.function,
        ]
        for field in record.fields {
            entries.append(fieldName(for: field.key) + "=" + field.value.text)
        }
        return entries
    }

    /// A journal field name for a log key: upper case, only `A-Z`, `0-9` and `_`, not starting
    /// with `_` (reserved for journald's trusted fields) or a digit, at most 64 characters, and
    /// never one of the names this sink or journald give a meaning to (those get `FIELD_` in front).
    public static func fieldName(for key: String) -> String {
        var name = String(String.UnicodeScalarView(key.unicodeScalars.map { scalar -> Unicode.Scalar in
            if ("a"..."z").contains(scalar) { return Unicode.Scalar(scalar.value - 32)! }
            if ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) { return scalar }
            return "_"
        }))
        while name.hasPrefix("_") { name.removeFirst() }
        if name.isEmpty { name = "FIELD" }
        if name.first!.isNumber || reservedNames.contains(name) { name = "FIELD_" + name }
        return String(name.prefix(64))
    }

    private static let reservedNames: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERRNO", "TID",
        "SYSLOG_IDENTIFIER", "SYSLOG_FACILITY", "SYSLOG_PID", "SYSLOG_TIMESTAMP", "SYSLOG_RAW",
        "INVOCATION_ID", "USER_INVOCATION_ID", "DOCUMENTATION", "UNIT", "USER_UNIT", "LOGGER",
    ]
}
