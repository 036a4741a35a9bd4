#if canImport(Glibc)
import Glibc
#endif

/// Resident memory and CPU time of one process, read from `/proc/<pid>`.
///
/// Parsing is apart from reading so the formats are pinned by the fixtures in the doc comments.
struct ConnsProcessSample: Sendable {
    /// VmRSS in kB.
    var residentKilobytes: Int
    /// utime + stime in clock ticks.
    var cpuTicks: Int

    /// Reads `/proc/<pid>/status` and `/proc/<pid>/stat`; nil if the process is gone.
    static func read(pid: Int32) -> ConnsProcessSample? {
        guard let status = readFile("/proc/\(pid)/status"), let stat = readFile("/proc/\(pid)/stat"),
              let rss = residentKilobytes(status: status), let ticks = cpuTicks(stat: stat) else { return nil }
        return ConnsProcessSample(residentKilobytes: rss, cpuTicks: ticks)
    }

    /// `VmRSS:\t  12345 kB` → 12345.
    static func residentKilobytes(status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    /// Fields 14 and 15 (utime, stime) of `/proc/<pid>/stat`, counted after the `(comm)` field,
    /// which may itself contain spaces and parentheses.
    static func cpuTicks(stat: String) -> Int? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Clock ticks per second for `cpuTicks`.
    static var ticksPerSecond: Int { Int(sysconf(Int32(_SC_CLK_TCK))) }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
