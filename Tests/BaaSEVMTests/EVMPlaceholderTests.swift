import Testing
@testable import BaaSEVM

@Suite struct EVMNamespaceTests {
    @Test func namespaceExists() { #expect(String(describing: EVM.self) == "EVM") }
}
