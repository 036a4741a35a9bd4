import Foundation
import BaaSNet

/// A throwaway CA with one server and one client certificate (ECDSA P-256) for the `conns`
/// benchmark, made with the `openssl` command in a temporary directory.
///
/// The benchmark measures connections, not issuance, so it borrows the CLI rather than the
/// platform CA; every client shares one certificate, which mutual TLS allows.
struct ConnsCertificates: Sendable {
    let directory: URL
    var caPath: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificatePath: String { directory.appendingPathComponent("server.pem").path }
    var serverKeyPath: String { directory.appendingPathComponent("server.key").path }
    var clientCertificatePath: String { directory.appendingPathComponent("client.pem").path }
    var clientKeyPath: String { directory.appendingPathComponent("client.key").path }

    /// Creates the files under a new temporary directory.
    ///
    /// - Throws: `NetError` `net.bench_certificates` when `openssl` is missing or fails.
    static func make() throws -> ConnsCertificates {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("baas-bench-conns-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = ConnsCertificates(directory: directory)
        let script = """
            set -e
            openssl ecparam -name prime256v1 -genkey -noout -out ca.key
            openssl req -x509 -new -key ca.key -subj "/CN=baas-bench CA" -days 2 -out ca.pem \
              -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
            for who in server client; do
              openssl ecparam -name prime256v1 -genkey -noout -out $who.key
              openssl req -new -key $who.key -subj "/CN=bench-$who" -out $who.csr
              printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth,clientAuth\\n' > $who.ext
              openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
                -out $who.pem -extfile $who.ext
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NetError("net.bench_certificates",
                           "making test certificates with openssl failed; install openssl "
                           + "(packaging/dev/install-deps.sh): \(text.suffix(400))")
        }
        return certificates
    }

    /// Deletes the directory and its keys.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
