#if canImport(Glibc)
import Glibc
#endif

/// What the agent tells the controller about its host when it connects: enough to place nodes
/// (CPUs, memory, disk, addresses, labels, engines) and to file the node list the regulator asks
/// for (R5.4: IP addresses).
public struct HostFacts: Sendable, Equatable, Codable {
    public struct Address: Sendable, Equatable, Codable {
        public var interface: String
        public var address: String
        public var family: String
    }

    public struct Disk: Sendable, Equatable, Codable {
        public var path: String
        public var totalBytes: UInt64
        public var availableBytes: UInt64
    }

    public struct Engine: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
        public var path: String

        public init(name: String, version: String, path: String) {
            self.name = name
            self.version = version
            self.path = path
        }
    }

    /// The host's PKCS#11 token (from the agent's `pkcs11` configuration): node keys deployed
    /// here are made in it. Never the PIN.
    public struct HSM: Sendable, Equatable, Codable {
        public var module: String
        public var tokenLabel: String
        /// The node key algorithms the token holds; SM2 member keys stay files.
        public var algorithms: [String]

        public init(module: String, tokenLabel: String, algorithms: [String] = ["p256"]) {
            self.module = module
            self.tokenLabel = tokenLabel
            self.algorithms = algorithms
        }
    }

    public var hostname: String
    public var operatingSystem: String
    public var kernel: String
    public var architecture: String
    public var cpus: Int
    public var memoryBytes: UInt64
    public var disks: [Disk]
    public var addresses: [Address]
    public var labels: [String: String]
    public var engines: [Engine]
    /// nil when the host has no HSM configured (node keys are files).
    public var hsm: HSM?

    public init(hostname: String, operatingSystem: String, kernel: String, architecture: String, cpus: Int,
                memoryBytes: UInt64, disks: [Disk], addresses: [Address], labels: [String: String], engines: [Engine],
                hsm: HSM? = nil) {
        self.hostname = hostname
        self.operatingSystem = operatingSystem
        self.kernel = kernel
        self.architecture = architecture
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.disks = disks
        self.addresses = addresses
        self.labels = labels
        self.engines = engines
        self.hsm = hsm
    }

    /// Facts of a host that has not reported any yet.
    public static let unknown = HostFacts(hostname: "", operatingSystem: "", kernel: "", architecture: "", cpus: 0,
                                          memoryBytes: 0, disks: [], addresses: [], labels: [:], engines: [])

    /// Reads the facts of this machine.
    /// - Parameters:
    ///   - diskPaths: the filesystems to report (the agent's state and node directories).
    ///   - labels: the operator's labels from the agent configuration (`cloud=aws,region=x`).
    ///   - engines: the ledger engines found on the host.
    ///   - hsm: the PKCS#11 token the agent is configured with, if any.
    public static func gather(diskPaths: [String], labels: [String: String], engines: [Engine], hsm: HSM? = nil,
                              proc: ProcFileSystem = ProcFileSystem(), osRelease: String = "/etc/os-release") -> HostFacts {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let memory = (try? MemoryCollector.parse(meminfo: proc.read("meminfo")))?
            .first { $0.name == "host_memory_total_bytes" }?.value ?? 0
        let osText = (try? ProcFileSystem(root: "").read(osRelease)) ?? ""
        return HostFacts(
            hostname: hostName(),
            operatingSystem: parsePrettyName(osRelease: osText) ?? field(names.sysname),
            kernel: field(names.release),
            architecture: field(names.machine),
            cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            memoryBytes: UInt64(memory),
            disks: diskPaths.compactMap(disk),
            addresses: interfaceAddresses(),
            labels: labels,
            engines: engines,
            hsm: hsm)
    }

    /// `PRETTY_NAME` from os-release text.
    static func parsePrettyName(osRelease: String) -> String? {
        for line in osRelease.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            var value = line.dropFirst("PRETTY_NAME=".count)
            if value.first == "\"" && value.last == "\"" && value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func disk(_ path: String) -> Disk? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Disk(path: path, totalBytes: UInt64(info.f_blocks) * UInt64(info.f_frsize),
                    availableBytes: UInt64(info.f_bavail) * UInt64(info.f_frsize))
    }

    static func interfaceAddresses() -> [Address] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var result: [Address] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr else { continue }
            let family = Int32(socketAddress.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(socketAddress, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            result.append(Address(interface: String(cString: entry.pointee.ifa_name),
                                  address: String(decoding: host.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self),
                                  family: family == AF_INET ? "ipv4" : "ipv6"))
        }
        return result
    }
}
