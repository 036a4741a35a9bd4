import BaaSCLI
import Testing

@Suite struct ControllerEndpointTests {
    @Test(arguments: [
        ("https://controller.example:8443", true, "controller.example", UInt16(8443)),
        ("https://controller.example/", true, "controller.example", UInt16(443)),
        ("http://127.0.0.1:8080", false, "127.0.0.1", UInt16(8080)),
        ("https://[::1]:9443", true, "::1", UInt16(9443)),
        ("http://[::1]", false, "::1", UInt16(80)),
    ])
    func parsesAddresses(url: String, secure: Bool, host: String, port: UInt16) throws {
        let endpoint = try ControllerEndpoint(url)
        #expect(endpoint == ControllerEndpoint.init(secure: secure, host: host, port: port))
    }

    @Test(arguments: ["controller:8443", "ftp://x", "https://", "https://x:0", "https://x:99999", "https://x/v1",
                      "https://user@x", "https://[::1"])
    func refusesOtherAddresses(url: String) {
        #expect(throws: CLIError.usage("")) { try ControllerEndpoint(url) }
    }
}
