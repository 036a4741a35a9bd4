import Testing
import BaaSNet

@Suite struct NetErrorTests {
    @Test func errorsCompareByCode() {
        #expect(NetError("net.timeout", "a") == NetError("net.timeout", "b"))
    }
}
