import BaaSController
import Foundation

/// A root CA and a server certificate for localhost/127.0.0.1, made once per test process.
struct TestPKI: Sendable {
    let rootPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String

    static let made: Result<TestPKI, any Error> = Result { try make() }

    static var shared: TestPKI {
        get throws { try made.get() }
    }

    private static func make() throws -> TestPKI {
        let directory = try TemporaryDirectory()
        func path(_ name: String) -> String { directory.file(name) }
        func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let detail = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ControllerError.internal("test_pki", "openssl \(arguments.first ?? ""): \(String(decoding: detail, as: UTF8.self))")
            }
        }
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("root.key")])
        try openssl(["req", "-x509", "-new", "-key", path("root.key"), "-subj", "/CN=BaaS Controller Test CA", "-days", "30",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                     "-out", path("root.pem")])
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("server.key")])
        try openssl(["req", "-new", "-key", path("server.key"), "-subj", "/CN=localhost", "-out", path("server.csr")])
        try """
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost, IP:127.0.0.1
            """.write(toFile: path("leaf.ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("root.pem"), "-CAkey", path("root.key"),
                     "-CAcreateserial", "-days", "30", "-extfile", path("leaf.ext"), "-out", path("server.pem")])
        func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
        return TestPKI(rootPEM: try read("root.pem"), serverCertificatePEM: try read("server.pem"), serverKeyPEM: try read("server.key"))
    }
}
