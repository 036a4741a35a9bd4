import BaaSController
import Foundation
import Testing

/// The config file and the flags that override it.
struct ControllerConfigurationTests {
    func write(_ text: String) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let path = directory.file("controller.json")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test func fileSetsValuesAndFlagsOverrideThem() throws {
        let (directory, path) = try write("""
            {"database": "/srv/state.sqlite", "listen": "0.0.0.0:9443", "self_sign_up": true, "max_failed_logins": 3,
             "lockout_seconds": 60, "tls_certificate": "/etc/c.pem", "tls_private_key": "/etc/c.key"}
            """)
        _ = directory
        var configuration = try ControllerConfiguration.load(path: path)
        #expect(configuration.databasePath == "/srv/state.sqlite")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9443)
        #expect(configuration.policy.selfSignUp)
        #expect(configuration.policy.maximumFailedLogins == 3)
        #expect(configuration.policy.lockoutDuration == 60)
        try configuration.apply(flags: ["--config", path, "--database", "/tmp/other.sqlite", "--listen", "127.0.0.1:0", "--max-failed-logins", "7"])
        #expect(configuration.databasePath == "/tmp/other.sqlite")
        #expect(configuration.port == 0)
        #expect(configuration.policy.maximumFailedLogins == 7)
        try configuration.validate()
    }

    @Test(arguments: [
        ("{\"databse\": \"x\"}", "Unknown key 'databse'"),
        ("{\"max_failed_logins\": \"five\"}", "'max_failed_logins'"),
        ("{\"max_failed_logins\": 0}", "'max_failed_logins'"),
        ("{\"self_sign_up\": 1}", "'self_sign_up'"),
        ("{\"listen\": \"nowhere\"}", "'listen'"),
        ("[1]", "not a JSON object"),
    ])
    func badFilesAreRefusedNamingTheKey(text: String, mention: String) throws {
        let (directory, path) = try write(text)
        _ = directory
        let error = #expect(throws: ControllerError.self) { try ControllerConfiguration.load(path: path) }
        #expect(error?.code == "controller.config_invalid")
        #expect(error?.message.contains(mention) == true, "\(error?.message ?? "")")
    }

    @Test func missingFileAndBadFlagsAreClearErrors() throws {
        #expect(throws: ControllerError.invalid("config_unreadable", "")) { try ControllerConfiguration.load(path: "/nonexistent/controller.json") }
        var configuration = ControllerConfiguration()
        #expect(throws: ControllerError.invalid("usage", "")) { try configuration.apply(flags: ["--colour", "blue"]) }
        #expect(throws: ControllerError.invalid("usage", "")) { try configuration.apply(flags: ["--database"]) }
    }

    @Test func tlsFilesComeInPairsAndArePlatformIssuedWhenAbsent() throws {
        var configuration = ControllerConfiguration()
        try configuration.validate()
        try configuration.apply(flags: ["--tls-certificate", "/etc/c.pem"])
        #expect(throws: ControllerError.invalid("config_invalid", "")) { try configuration.validate() }
        try configuration.apply(flags: ["--tls-private-key", "/etc/c.key"])
        try configuration.validate()
        var plain = ControllerConfiguration()
        try plain.apply(flags: ["--plain-http"])
        try plain.validate()
    }
}
