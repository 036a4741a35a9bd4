internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One TLS connection over a non-blocking socket (an OpenSSL `SSL` bound to a file descriptor).
///
/// Every call returns at once: `.wantRead`/`.wantWrite` say which socket readiness to wait for
/// before calling the same operation again with the same arguments. Not thread-safe: use a session
/// from one thread at a time (BaaSNet keeps each on its event-loop thread). The session does not own
/// the file descriptor; the caller closes it after `shutdown()`.
public final class TLSSession: @unchecked Sendable {
    /// The outcome of a non-blocking TLS operation.
    public enum Result: Sendable {
        /// The operation finished; for reads and writes, the number of bytes moved.
        case complete(Int)
        /// Call again when the socket is readable.
        case wantRead
        /// Call again when the socket is writable.
        case wantWrite
        /// The peer closed the connection (close_notify or EOF).
        case closed
        /// The connection failed; `CryptoError` carries OpenSSL's reason (bad certificate, alert …).
        case failed(CryptoError)
    }

    private let ssl: OpaquePointer
    /// The context this session was created from (kept alive as long as the session).
    public let context: TLSContext

    /// A session on `fileDescriptor` (a connected, non-blocking socket).
    ///
    /// - Parameter serverName: clients only: the name sent as SNI and checked against the server
    ///   certificate (a DNS name or an IP literal); `nil` skips the name check.
    /// - Throws: `CryptoError` `crypto.tls_session` when OpenSSL cannot create the session.
    public init(context: TLSContext, fileDescriptor: Int32, serverName: String? = nil) throws {
        guard let ssl = SSL_new(context.pointer) else {
            throw TLSContext.failure("crypto.tls_session", "cannot create a TLS session")
        }
        self.ssl = ssl
        self.context = context
        // Read whole socket buffers instead of one record header and body at a time: two
        // system calls less per small request. `hasBufferedInput` covers what is read ahead.
        SSL_set_read_ahead(ssl, 1)
        guard SSL_set_fd(ssl, fileDescriptor) == 1 else {
            throw TLSContext.failure("crypto.tls_session", "cannot attach the TLS session to the socket")
        }
        if context.role == .server {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let serverName, !serverName.isEmpty {
                try setServerName(serverName)
            }
        }
    }

    deinit {
        SSL_free(ssl)
    }

    private func setServerName(_ name: String) throws {
        var address = in6_addr()
        let isIPv4 = name.withCString { inet_pton(AF_INET, $0, &address) } == 1
        let isIPv6 = name.withCString { inet_pton(AF_INET6, $0, &address) } == 1
        if isIPv4 || isIPv6 {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) == 1 else {
                throw TLSContext.failure("crypto.tls_session", "cannot check the server address \(name)")
            }
        } else {
            guard baas_SSL_set_tlsext_host_name(ssl, name) == 1, SSL_set1_host(ssl, name) == 1 else {
                throw TLSContext.failure("crypto.tls_session", "cannot check the server name \(name)")
            }
        }
    }

    /// Advances the handshake; `.complete(0)` once it is done.
    ///
    /// With TLS 1.3 a client's handshake completes before the server has judged the client's
    /// certificate: a rejection shows up as `.failed` on the first `read`.
    public func handshake() -> Result {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete(0) }
        return outcome(of: result, during: "handshake")
    }

    /// Whether the handshake has finished.
    public var isHandshakeComplete: Bool {
        SSL_is_init_finished(ssl) == 1
    }

    /// Reads decrypted bytes into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Result {
        ERR_clear_error()
        var count = 0
        let result = SSL_read_ex(ssl, buffer.baseAddress, buffer.count, &count)
        if result == 1 { return .complete(count) }
        return outcome(of: result, during: "read")
    }

    /// Encrypts and sends up to `bytes.count` bytes; may complete partially.
    ///
    /// After `.wantRead`/`.wantWrite`, call again with the same bytes (their address may change).
    public func write(_ bytes: UnsafeRawBufferPointer) -> Result {
        ERR_clear_error()
        var count = 0
        let result = SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &count)
        if result == 1 { return .complete(count) }
        return outcome(of: result, during: "write")
    }

    /// Whether bytes are waiting inside OpenSSL, decrypted or not yet (no socket readiness will
    /// announce them, so read again before waiting for the socket).
    public var hasBufferedInput: Bool {
        SSL_has_pending(ssl) == 1
    }

    /// Sends close_notify without waiting for the peer's; the caller then closes the socket.
    public func shutdown() {
        ERR_clear_error()
        if SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
        ERR_clear_error()
    }

    /// The negotiated protocol, e.g. `TLSv1.3`.
    public var protocolVersion: String {
        String(cString: SSL_get_version(ssl))
    }

    /// The peer's certificate, if it presented one and it verified against the context's anchors.
    ///
    /// `nil` when the context does not verify peers (a client with `verifyServer == false`, a
    /// server without trust anchors) or the handshake is not complete.
    public func peerIdentity() -> PeerIdentity? {
        guard context.verifiesPeer, SSL_is_init_finished(ssl) == 1,
              SSL_get_verify_result(ssl) == Int(X509_V_OK),
              let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return PeerIdentity(subject: Self.subject(of: certificate),
                            subjectAlternativeNames: Self.alternativeNames(of: certificate),
                            fingerprintSHA256: Self.fingerprint(of: certificate),
                            serialNumber: Self.serial(of: certificate))
    }

    private func outcome(of result: Int32, during operation: String) -> Result {
        let error = SSL_get_error(ssl, result)
        switch error {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            let code = errno
            let detail = TLSContext.openSSLErrorQueueText()
            if code == 0 || code == ECONNRESET || code == EPIPE {
                if operation == "handshake" {
                    return .failed(CryptoError("crypto.tls_closed", "the peer closed the connection during the TLS handshake"))
                }
                return .closed
            }
            return .failed(CryptoError("crypto.tls_io", "TLS \(operation) failed: \(String(cString: strerror(code))) \(detail)"))
        default:
            let verify = SSL_get_verify_result(ssl)
            if verify != Int(X509_V_OK), context.verifiesPeer {
                let reason = String(cString: X509_verify_cert_error_string(verify))
                ERR_clear_error()
                return .failed(CryptoError("crypto.tls_peer_rejected",
                                           "the peer's certificate was rejected: \(reason)"))
            }
            let detail = TLSContext.openSSLErrorQueueText()
            return .failed(CryptoError("crypto.tls_failed", "TLS \(operation) failed: \(detail.isEmpty ? "error \(error)" : detail)"))
        }
    }

    // MARK: - Certificate fields

    private static func subject(of certificate: OpaquePointer) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, baas_XN_FLAG_RFC2253) >= 0 else { return "" }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let count = BIO_read(bio, &chunk, Int32(chunk.count))
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(count)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func alternativeNames(of certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        var buffer = [CChar](repeating: 0, count: 1024)
        for index in 0..<baas_tls_general_names_count(names) {
            let length = baas_tls_general_name_text(names, index, &buffer, Int32(buffer.count))
            if length > 0 {
                result.append(String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        return result
    }

    private static func fingerprint(of certificate: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else { return "" }
        let hex: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in digest[0..<Int(length)] {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return text
    }

    private static func serial(of certificate: OpaquePointer) -> String {
        guard let number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nil) else { return "" }
        defer { BN_free(number) }
        guard let text = BN_bn2hex(number) else { return "" }
        defer { CRYPTO_free(text, nil, 0) }
        return String(cString: text)
    }
}
