#if canImport(Glibc)
import Glibc
#endif

/// Whether standard error is connected to the journal, the way systemd documents it: the
/// `JOURNAL_STREAM` variable holds `device:inode` of the stream systemd gave the service, and it
/// must match standard error's own (a child that inherited the variable but writes elsewhere must
/// not use the journal).
public enum JournalStream {
    /// True when this process's standard error is the journal stream systemd set up.
    public static func isStandardErrorJournal() -> Bool {
        guard let value = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return matches(value, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// True when `value` (`"device:inode"`, decimal) names this device and inode.
    public static func matches(_ value: String, device: UInt64, inode: UInt64) -> Bool {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let expectedDevice = UInt64(parts[0]), let expectedInode = UInt64(parts[1]) else {
            return false
        }
        return expectedDevice == device && expectedInode == inode
    }
}
