internal import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Sends records to the systemd journal with `sd_journal_sendv`, one journal field per log field.
///
/// Each record becomes `MESSAGE` (the message followed by its fields in logfmt, so `journalctl`
/// shows them in its default view), `PRIORITY` (syslog level), `SYSLOG_IDENTIFIER` (the program),
/// `LOGGER` (the label), `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`, and every field as its own
/// upper-case journal field (`host_id` → `HOST_ID`) for `journalctl HOST_ID=…` queries.
/// `sd_journal_sendv` is thread-safe. When a send fails (journald restarting), the record goes to
/// standard error as a logfmt line instead, which under systemd is the journal stream too.
public struct JournalLogSink: LogSink {
    /// The program name stored as `SYSLOG_IDENTIFIER`.
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public func write(_ record: LogRecord) {
        let entries = Self.fields(for: record, identifier: identifier)
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for entry in entries {
            let start = buffer.count
            buffer.append(contentsOf: entry.utf8)
            ranges.append(start..<buffer.count)
        }
        let result = buffer.withUnsafeMutableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return -EINVAL }
            var vectors = ranges.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
        if result < 0 {
            StandardErrorLogSink().write(record)
        }
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
