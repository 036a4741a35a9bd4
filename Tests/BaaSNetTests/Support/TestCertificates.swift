import Foundation

/// A throwaway PKI made with the real `openssl` CLI: a root CA with a CRL, another CA, and
/// server/client certificates (valid, from the other CA, revoked, expired). Built once per test
/// process; the files are removed right after their PEM text is read.
struct TestCertificates: Sendable {
    struct Identity: Sendable {
        let certificatePEM: String
        let keyPEM: String
    }

    let rootPEM: String
    let otherRootPEM: String
    let crlPEM: String
    let server: Identity
    let client: Identity
    let otherCAClient: Identity
    let revokedClient: Identity
    let expiredClient: Identity
    /// A second valid client, for tests that revoke it later.
    let spareClient: Identity
    /// A CRL that also revokes `spareClient`.
    let crlRevokingSparePEM: String

    static let shared: TestCertificates = {
        do { return try make() } catch { fatalError("cannot build test certificates: \(error)") }
    }()

    private static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-net-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dir = directory.path
        func path(_ name: String) -> String { "\(dir)/\(name)" }
        func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

        try FileManager.default.createDirectory(atPath: path("newcerts"), withIntermediateDirectories: true)
        try "".write(toFile: path("index.txt"), atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: path("serial"), atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: path("crlnumber"), atomically: true, encoding: .utf8)
        try """
        [ ca ]
        default_ca = ca_default
        [ ca_default ]
        database = \(dir)/index.txt
        new_certs_dir = \(dir)/newcerts
        serial = \(dir)/serial
        crlnumber = \(dir)/crlnumber
        default_md = sha256
        policy = policy_any
        copy_extensions = copy
        default_days = 365
        default_crl_days = 30
        unique_subject = no
        [ policy_any ]
        commonName = supplied
        organizationName = optional
        [ leaf ]
        basicConstraints = CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth, clientAuth
        """.write(toFile: path("ca.cnf"), atomically: true, encoding: .utf8)

        func key(_ name: String) throws {
            try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("\(name).key")])
        }
        func root(_ name: String, _ subject: String) throws {
            try key(name)
            try openssl(["req", "-x509", "-new", "-key", path("\(name).key"), "-subj", subject, "-days", "3650",
                         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                         "-out", path("\(name).pem")])
        }
        func leaf(_ name: String, _ subject: String, san: String, dates: (String, String)? = nil) throws {
            try key(name)
            try openssl(["req", "-new", "-key", path("\(name).key"), "-subj", subject, "-addext", "subjectAltName=\(san)",
                         "-out", path("\(name).csr")])
            var arguments = ["ca", "-batch", "-notext", "-config", path("ca.cnf"), "-cert", path("root.pem"),
                             "-keyfile", path("root.key"), "-extensions", "leaf", "-in", path("\(name).csr"), "-out", path("\(name).pem")]
            if let (start, end) = dates { arguments += ["-startdate", start, "-enddate", end] }
            try openssl(arguments)
        }

        try root("root", "/CN=BaaS Test Root CA/O=BaaS Tests")
        try root("other", "/CN=Other Test CA/O=Elsewhere")
        try leaf("server", "/CN=localhost/O=BaaS Tests", san: "DNS:localhost,IP:127.0.0.1")
        try leaf("client", "/CN=agent-1/O=BaaS Tests", san: "DNS:agent-1.hosts.baas,URI:baas:host:1")
        try leaf("revoked", "/CN=agent-revoked/O=BaaS Tests", san: "DNS:revoked.hosts.baas")
        try leaf("expired", "/CN=agent-expired/O=BaaS Tests", san: "DNS:expired.hosts.baas",
                 dates: ("20200101000000Z", "20200201000000Z"))
        try leaf("spare", "/CN=agent-spare/O=BaaS Tests", san: "DNS:spare.hosts.baas")

        try key("otherclient")
        try openssl(["req", "-new", "-key", path("otherclient.key"), "-subj", "/CN=agent-1/O=BaaS Tests", "-out", path("otherclient.csr")])
        try openssl(["x509", "-req", "-in", path("otherclient.csr"), "-CA", path("other.pem"), "-CAkey", path("other.key"),
                     "-CAcreateserial", "-days", "30", "-out", path("otherclient.pem")])

        let caArguments = ["-config", path("ca.cnf"), "-cert", path("root.pem"), "-keyfile", path("root.key")]
        try openssl(["ca"] + caArguments + ["-revoke", path("revoked.pem")])
        try openssl(["ca", "-gencrl"] + caArguments + ["-out", path("crl.pem")])
        try openssl(["ca"] + caArguments + ["-revoke", path("spare.pem")])
        try openssl(["ca", "-gencrl"] + caArguments + ["-out", path("crl2.pem")])

        func identity(_ name: String) throws -> Identity {
            Identity(certificatePEM: try read("\(name).pem"), keyPEM: try read("\(name).key"))
        }
        return TestCertificates(rootPEM: try read("root.pem"), otherRootPEM: try read("other.pem"), crlPEM: try read("crl.pem"),
                                server: try identity("server"), client: try identity("client"),
                                otherCAClient: try identity("otherclient"), revokedClient: try identity("revoked"),
                                expiredClient: try identity("expired"), spareClient: try identity("spare"),
                                crlRevokingSparePEM: try read("crl2.pem"))
    }

    /// Runs `openssl` with `arguments`; throws with its stderr when it fails.
    @discardableResult
    static func openssl(_ arguments: [String], input: String? = nil) throws -> String {
        try run("/usr/bin/openssl", arguments, input: input)
    }

    /// Runs a program to completion, returning stdout; throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(program) \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `run` on a thread of its own, so a waiting test never starves Swift's cooperative pool
    /// (where the server under test runs its handlers).
    static func runOffPool(_ program: String, _ arguments: [String], input: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try run(program, arguments, input: input) })
            }
            thread.start()
        }
    }

    /// Writes the PKI's PEM files into a fresh temporary directory for CLI tools; the caller removes it.
    func writeFiles() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-net-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files: [(String, String)] = [
            ("root.pem", rootPEM), ("server.pem", server.certificatePEM), ("server.key", server.keyPEM),
            ("client.pem", client.certificatePEM), ("client.key", client.keyPEM),
        ]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
