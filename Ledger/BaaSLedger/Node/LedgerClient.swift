import FoundationEssentials
import BaaSCrypto
import BaaSNet

/// A client of one node's JSON API over mutual TLS, for tools, tests and the benchmark.
///
/// Thread-safe; requests run concurrently over a keep-alive pool. Failures throw `LedgerError`:
/// a refused transaction with the node's `ledger.*` code, `ledger.unreachable` when no answer
/// came (the node is down or the link broke).
public final class LedgerClient: Sendable {
    public let host: String
    public let port: UInt16
    private let http: HTTPClient

    /// A client presenting `certificatePEM`/`keyPEM` (from the network's transport CA) to the
    /// node `nodeID` at `host:port`, whose certificate must chain to `caPEM` and name `node-<id>`.
    ///
    /// - Throws: `CryptoError` when the PEM material is unusable.
    public init(host: String, port: UInt16, nodeID: UInt64, certificatePEM: String, keyPEM: String, caPEM: String,
                requestTimeout: Duration = .seconds(60)) throws {
        self.host = host
        self.port = port
        let tls = try TLSContext(configuration: TLSConfiguration(certificateChainPEM: certificatePEM, privateKeyPEM: keyPEM,
                                                                 trustedRootsPEM: caPEM), role: .client)
        http = HTTPClient(configuration: .init(tls: tls, serverName: NodeConfiguration.commonName(of: nodeID),
                                               maxIdleConnectionsPerHost: 256, requestTimeout: requestTimeout))
    }

    /// Closes idle connections.
    public func shutdown() { http.shutdown() }

    /// TLS connections opened to the node so far (each costs a handshake on both sides).
    public var openedConnectionCount: Int { http.openedConnectionCount }

    /// The node's height, leader, term, connected peers and pool size.
    public func status() async throws -> NodeAPIModels.Status { try await get("/v1/status") }

    /// The block at `height`, nil when the node has none.
    public func block(at height: UInt64) async throws -> NodeAPIModels.Block? { try await find("/v1/blocks/\(height)") }

    /// The block with `hash` (hex), nil when the node has none.
    public func block(hash: String) async throws -> NodeAPIModels.Block? { try await find("/v1/blocks/\(hash)") }

    /// The transaction with `hash` (hex), nil when the node knows none.
    public func transaction(_ hash: String) async throws -> NodeAPIModels.Transaction? { try await find("/v1/transactions/\(hash)") }

    /// The balance and next nonce of `address` as of the node's head block.
    public func account(_ address: Address) async throws -> NodeAPIModels.Account { try await get("/v1/accounts/\(address)") }

    /// The Prometheus text of `/metrics`.
    public func metrics() async throws -> String {
        let response = try await send("GET", "/metrics")
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Submits one signed transaction; with `waitForCommit` the answer comes once it is
    /// committed (or `pending` after `timeoutSeconds`).
    ///
    /// - Throws: `LedgerError` with the node's reason when it refuses the transaction.
    public func submit(_ transaction: [UInt8], waitForCommit: Bool = false,
                       timeoutSeconds: Double = 30) async throws -> NodeAPIModels.SubmitResult {
        let query = waitForCommit ? "?wait=commit&timeout=\(timeoutSeconds)" : ""
        return try await post("/v1/transactions" + query, NodeAPIModels.Submit(transaction: Hex.encode(transaction)))
    }

    /// Submits several signed transactions (at most `SubmitBatch.maxCount`); each gets its own
    /// result (refusals included). `binary` uses `POST /v1/transactions/batch`, otherwise the JSON
    /// form of `POST /v1/transactions`.
    public func submit(batch: [[UInt8]], waitForCommit: Bool = false, timeoutSeconds: Double = 30,
                       binary: Bool = true) async throws -> [NodeAPIModels.SubmitResult] {
        guard !batch.isEmpty else { return [] }
        let query = waitForCommit ? "?wait=commit&timeout=\(timeoutSeconds)" : ""
        guard binary else {
            let results: NodeAPIModels.SubmitResults = try await post("/v1/transactions" + query,
                                                                      NodeAPIModels.Submit(transactions: batch.map(Hex.encode)))
            return results.results
        }
        return try await submit(encodedBatch: SubmitBatch.encode(batch), waitForCommit: waitForCommit,
                                timeoutSeconds: timeoutSeconds)
    }

    /// Submits a batch already in the binary form of `SubmitBatch` (for example one prepared
    /// offline) to `POST /v1/transactions/batch`; each transaction gets its own result.
    ///
    /// - Throws: `LedgerError` with the node's code when it refuses the body as a whole
    ///   (`ledger.malformed`, `ledger.batch_too_large`), `ledger.unreachable`, `ledger.api`.
    public func submit(encodedBatch: [UInt8], waitForCommit: Bool = false,
                       timeoutSeconds: Double = 30) async throws -> [NodeAPIModels.SubmitResult] {
        let query = waitForCommit ? "?wait=commit&timeout=\(timeoutSeconds)" : ""
        let response = try await send("POST", "/v1/transactions/batch" + query, body: encodedBatch,
                                      contentType: "application/octet-stream")
        guard response.status == 200 else {
            let _: NodeAPIModels.SubmitResults = try decode(response)
            throw LedgerError("ledger.api", "the node answered \(response.status)")
        }
        do {
            return try SubmitBatch.decodeResults(response.body)
        } catch let error as LedgerError {
            throw LedgerError("ledger.api", "the node's batch answer is not a results encoding: \(error.message)")
        }
    }

    private func get<T: Decodable>(_ target: String) async throws -> T {
        try decode(try await send("GET", target))
    }

    private func find<T: Decodable>(_ target: String) async throws -> T? {
        let response = try await send("GET", target)
        if response.status == 404 { return nil }
        return try decode(response)
    }

    private func post<T: Decodable>(_ target: String, _ body: NodeAPIModels.Submit) async throws -> T {
        let bytes = Array(try JSONEncoder().encode(body))
        return try decode(try await send("POST", target, body: bytes))
    }

    private func send(_ method: String, _ target: String, body: [UInt8] = [],
                      contentType: String = "application/json") async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if !body.isEmpty { headers.set("Content-Type", contentType) }
        do {
            return try await http.send(method, target, headers: headers, body: body, host: host, port: port)
        } catch {
            throw LedgerError("ledger.unreachable", "no answer from the node at \(host):\(port): \(error)")
        }
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    private func decode<T: Decodable>(_ response: HTTPResponse) throws -> T {
        guard (200..<300).contains(response.status) else {
            if let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)) {
                throw LedgerError(body.error.code, body.error.message)
            }
            throw LedgerError("ledger.api", "the node answered \(response.status)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw LedgerError("ledger.api", "the node's answer is not the expected JSON: \(error)")
        }
    }
}
