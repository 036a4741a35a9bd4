import BaaSNet
#if canImport(Glibc)
import Glibc
#endif

/// Raises this process's open-file soft limit towards its hard limit.
enum ConnsFileLimit {
    /// - Returns: the soft limit now in force.
    /// - Throws: `net.bench_file_limit` when even the hard limit is below `needed`.
    static func raise(needed: Int) throws -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        guard limit.rlim_cur >= rlim_t(needed) else {
            throw NetError("net.bench_file_limit",
                           "the open-file limit is \(limit.rlim_cur) but \(needed) descriptors are needed; "
                           + "raise it (ulimit -n, LimitNOFILE=) or use a smaller --count")
        }
        return Int(limit.rlim_cur)
    }
}
