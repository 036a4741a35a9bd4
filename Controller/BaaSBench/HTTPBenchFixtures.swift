import Foundation

/// A throwaway PKI (made with the `openssl` CLI) and an nginx instance for `baas-bench http`.
struct HTTPBenchFixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-bench-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Root CA, server (localhost/127.0.0.1) and client certificates, P-256; an empty CRL.
    func makePKI() throws {
        try "".write(toFile: path("index.txt"), atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: path("crlnumber"), atomically: true, encoding: .utf8)
        try """
        [ ca ]
        default_ca = ca_default
        [ ca_default ]
        database = \(path("index.txt"))
        crlnumber = \(path("crlnumber"))
        default_md = sha256
        default_crl_days = 30
        """.write(toFile: path("ca.cnf"), atomically: true, encoding: .utf8)
        func key(_ name: String) throws {
            try Self.run("/usr/bin/openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("\(name).key")])
        }
        try key("root")
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-new", "-key", path("root.key"), "-subj", "/CN=Bench Root", "-days", "30",
                                          "-out", path("root.pem")])
        for (name, san) in [("server", "DNS:localhost,IP:127.0.0.1"), ("client", "DNS:bench-client")] {
            try key(name)
            try Self.run("/usr/bin/openssl", ["req", "-new", "-key", path("\(name).key"), "-subj", "/CN=\(name)", "-out", path("\(name).csr")])
            try "subjectAltName=\(san)\n".write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
            try Self.run("/usr/bin/openssl", ["x509", "-req", "-in", path("\(name).csr"), "-CA", path("root.pem"), "-CAkey", path("root.key"),
                                              "-CAcreateserial", "-days", "30", "-extfile", path("\(name).ext"), "-out", path("\(name).pem")])
        }
        try Self.run("/usr/bin/openssl", ["ca", "-gencrl", "-config", path("ca.cnf"), "-cert", path("root.pem"), "-keyfile", path("root.key"),
                                          "-out", path("crl.pem")])
    }

    /// Starts nginx (2 workers, TLS 1.3 only, client certificates required) serving `body` at `/bench.json`.
    func startNginx(port: UInt16, body: [UInt8]) throws -> Process {
        try FileManager.default.createDirectory(atPath: path("www"), withIntermediateDirectories: true)
        try Data(body).write(to: URL(fileURLWithPath: path("www/bench.json")))
        try """
        worker_processes 2;
        user root;
        daemon off;
        pid \(path("nginx.pid"));
        error_log \(path("error.log")) warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            keepalive_requests 100000000;
            keepalive_timeout 60s;
            client_body_temp_path \(path("tmp-body"));
            proxy_temp_path \(path("tmp-proxy"));
            fastcgi_temp_path \(path("tmp-fastcgi"));
            uwsgi_temp_path \(path("tmp-uwsgi"));
            scgi_temp_path \(path("tmp-scgi"));
            default_type application/json;
            server {
                listen 127.0.0.1:\(port) ssl;
                ssl_certificate \(path("server.pem"));
                ssl_certificate_key \(path("server.key"));
                ssl_protocols TLSv1.3;
                ssl_client_certificate \(path("root.pem"));
                ssl_crl \(path("crl.pem"));
                ssl_verify_client on;
                ssl_session_tickets off;
                ssl_session_cache off;
                location / { root \(path("www")); }
            }
        }
        """.write(toFile: path("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-c", path("nginx.conf"), "-p", directory.path, "-e", path("error.log")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("\(program) \(arguments.first ?? "") failed: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A benchmark that could not run, with the reason.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
