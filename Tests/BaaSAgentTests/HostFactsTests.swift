import Foundation
import Testing
@testable import BaaSAgent

@Suite struct HostFactsTests {
    @Test func gathersThisMachinesFacts() throws {
        let facts = HostFacts.gather(diskPaths: ["/"], labels: ["cloud": "private", "region": "lab"],
                                     engines: [.init(name: "baas-ledger", version: "0.1.0", path: "/usr/bin/baas-ledger")])
        #expect(facts.hostname == ProcessInfo.processInfo.hostName)
        #expect(facts.cpus == ProcessInfo.processInfo.activeProcessorCount)
        #expect(facts.memoryBytes == ProcessInfo.processInfo.physicalMemory)
        #expect(facts.addresses.contains(.init(interface: "lo", address: "127.0.0.1", family: "ipv4")))
        #expect(facts.disks.first?.path == "/" && (facts.disks.first?.totalBytes ?? 0) > 0)
        #expect(facts.labels["region"] == "lab")
        #expect(!facts.kernel.isEmpty && facts.architecture == "x86_64" || facts.architecture == "aarch64")
    }

    @Test(arguments: [
        ("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", "Debian GNU/Linux 12 (bookworm)"),
        ("PRETTY_NAME=Alpine\n", "Alpine"),
    ])
    func prettyNameFromOSRelease(text: String, expected: String) {
        #expect(HostFacts.parsePrettyName(osRelease: text) == expected)
    }

    @Test func missingPrettyNameIsNil() {
        #expect(HostFacts.parsePrettyName(osRelease: "NAME=x\n") == nil)
    }
}
