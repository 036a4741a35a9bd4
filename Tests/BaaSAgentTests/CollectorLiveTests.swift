import Foundation
import Testing
@testable import BaaSAgent

/// Collectors against the real `/proc` of this machine and a fixture `/proc` tree.
@Suite struct CollectorLiveTests {
    @Test func hostCollectorsReadThisMachine() throws {
        let scrape = CollectorSet([CPUCollector(), MemoryCollector(), NetworkCollector(), DiskCollector(paths: ["/"])]).scrape()
        #expect(scrape.failures.isEmpty)
        let cpus = try #require(scrape.samples.first { $0.name == "host_cpu_count" })
        #expect(Int(cpus.value) == ProcessInfo.processInfo.processorCount)
        let total = try #require(scrape.samples.first { $0.name == "host_memory_total_bytes" })
        #expect(total.value > 0)
        #expect(scrape.samples.contains { $0.name == "host_network_receive_bytes_total" && $0.labels["device"] == "lo" })
        let disk = try #require(scrape.samples.first { $0.name == "host_disk_total_bytes" })
        #expect(disk.value > 0)
    }

    @Test func processCollectorSeesOwnRSSAndAnEstablishedConnection() throws {
        // A real TCP connection on loopback, owned by this process at both ends.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener); close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 1) == 0
                && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
        }
        #expect(connected == 0)
        let accepted = accept(listener, nil, nil)
        defer { close(accepted) }

        let samples = try ProcessCollector(pid: getpid(), node: "self").collect()
        let rss = try #require(samples.first { $0.name == "node_memory_rss_bytes" })
        #expect(rss.value > 1_000_000)
        let connections = try #require(samples.first { $0.name == "node_tcp_connections" })
        #expect(connections.value >= 2)
        #expect(samples.allSatisfy { $0.labels["node"] == "self" })
    }

    @Test func failingCollectorIsReportedAndTheRestGoOn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "MemTotal: 100 kB\nMemAvailable: 50 kB\n".write(to: root.appendingPathComponent("meminfo"), atomically: true, encoding: .utf8)
        let proc = ProcFileSystem(root: root.path)

        let scrape = CollectorSet([CPUCollector(proc: proc), MemoryCollector(proc: proc)]).scrape()
        #expect(scrape.failures.map(\.collector) == ["cpu"])
        #expect(scrape.samples.contains(MetricSample("host_memory_available_bytes", 50 * 1024)))
        #expect(scrape.samples.contains(MetricSample("agent_collector_up", 0, labels: ["collector": "cpu"])))
        #expect(scrape.samples.contains(MetricSample("agent_collector_up", 1, labels: ["collector": "meminfo"])))
    }
}
