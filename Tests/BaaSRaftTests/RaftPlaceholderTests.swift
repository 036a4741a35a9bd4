import Testing
@testable import BaaSRaft

@Suite struct RaftNamespaceTests {
    @Test func namespaceExists() { #expect(String(describing: Raft.self) == "Raft") }
}
