#if canImport(Glibc)
import Glibc
#endif

/// Size and free space of the filesystems holding the given paths (the agent's state directory and
/// each node's data directory), as `host_disk_{total,free,available}_bytes{path}`.
public struct DiskCollector: Collector {
    public let name = "disk"
    let paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }

    public func collect() throws -> [MetricSample] {
        var samples: [MetricSample] = []
        for path in paths {
            var info = statvfs()
            guard statvfs(path, &info) == 0 else {
                throw AgentError("agent.disk_unreadable", "cannot stat filesystem of \(path): \(String(cString: strerror(errno)))")
            }
            let block = Double(info.f_frsize)
            let labels = ["path": path]
            samples.append(MetricSample("host_disk_total_bytes", Double(info.f_blocks) * block, labels: labels))
            samples.append(MetricSample("host_disk_free_bytes", Double(info.f_bfree) * block, labels: labels))
            samples.append(MetricSample("host_disk_available_bytes", Double(info.f_bavail) * block, labels: labels))
        }
        return samples
    }
}
