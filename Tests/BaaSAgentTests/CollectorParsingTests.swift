import Testing
@testable import BaaSAgent

@Suite struct CollectorParsingTests {
    static let stat = """
    cpu  10132153 290696 3084719 46828483 16683 0 25195 0 0 0
    cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0
    cpu1 1335000 32000 500000 13000000 6000 0 7000 0 0 0
    intr 199292 4 0 0
    ctxt 38014093
    """

    @Test func cpuStatGivesSecondsPerModeAndCPUCount() throws {
        let samples = try CPUCollector.parse(stat: Self.stat, ticksPerSecond: 100)
        #expect(samples.first { $0.labels["mode"] == "user" }?.value == 101321.53)
        #expect(samples.first { $0.labels["mode"] == "idle" }?.value == 468284.83)
        #expect(samples.first { $0.name == "host_cpu_count" }?.value == 2)
    }

    @Test(arguments: ["", "intr 1 2 3\n", "cpu  1 2 x 4\n"])
    func cpuStatWithoutUsableCPULineIsAFormatError(text: String) {
        #expect(throws: AgentError("agent.proc_format", "")) { try CPUCollector.parse(stat: text, ticksPerSecond: 100) }
    }

    @Test func meminfoConvertsKilobytesToBytes() throws {
        let text = """
        MemTotal:       24597788 kB
        MemFree:        23000000 kB
        MemAvailable:   23500000 kB
        SwapTotal:             0 kB
        SwapFree:              0 kB
        HugePages_Total:       0
        """
        let samples = try MemoryCollector.parse(meminfo: text)
        #expect(samples.first { $0.name == "host_memory_total_bytes" }?.value == Double(24597788 * 1024))
        #expect(samples.first { $0.name == "host_memory_available_bytes" }?.value == Double(23500000 * 1024))
        #expect(samples.count == 5)
    }

    @Test func meminfoWithoutAvailableIsAFormatError() {
        #expect(throws: AgentError("agent.proc_format", "")) { try MemoryCollector.parse(meminfo: "MemTotal: 1 kB\n") }
    }

    @Test func netdevGivesCountersPerDevice() throws {
        let text = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:  123456     789    0    0    0     0          0         0   123456     789    0    0    0     0       0          0
          eth0: 9876543   12345    0    0    0     0          0         0  5432100    6789    0    0    0     0       0          0
        """
        let samples = try NetworkCollector.parse(netdev: text)
        #expect(samples.count == 8)
        #expect(samples.first { $0.name == "host_network_receive_bytes_total" && $0.labels["device"] == "eth0" }?.value == 9876543)
        #expect(samples.first { $0.name == "host_network_transmit_packets_total" && $0.labels["device"] == "lo" }?.value == 789)
    }

    @Test func netdevTruncatedLineIsAFormatError() {
        #expect(throws: AgentError("agent.proc_format", "")) { try NetworkCollector.parse(netdev: "eth0: 1 2 3\n") }
    }

    @Test func processStatToleratesParenthesesAndSpacesInCommandName() throws {
        let text = "4242 (baas ledger (x)) S 1 4242 4242 0 -1 4194560 1500 0 0 0 250 75 0 0 20 0 7 0 123456 1000000 2500 18446744073709551615"
        let stat = try ProcessCollector.parse(stat: text)
        #expect(stat == .init(state: "S", userTicks: 250, systemTicks: 75, threads: 7, startTicks: 123456))
    }

    @Test(arguments: ["", "4242 baas S 1 2", "1 (x) S 1 2 3"])
    func malformedProcessStatIsAFormatError(text: String) {
        #expect(throws: AgentError("agent.proc_format", "")) { try ProcessCollector.parse(stat: text) }
    }

    @Test func residentSetSizeFromStatus() throws {
        #expect(try ProcessCollector.parseResidentBytes(status: "Name:\tx\nVmRSS:\t   12345 kB\n") == 12345 * 1024)
        #expect(throws: AgentError("agent.proc_format", "")) { try ProcessCollector.parseResidentBytes(status: "Name:\tx\n") }
    }

    @Test func establishedConnectionsCountOnlyOwnedSocketsInState01() {
        let table = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
           1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
           2: 0100007F:C351 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 20 4 30 10 -1
        """
        #expect(ProcessCollector.countEstablished(tcpTable: table, inodes: ["1001", "1002"]) == 1)
        #expect(ProcessCollector.countEstablished(tcpTable: table, inodes: []) == 0)
    }
}
