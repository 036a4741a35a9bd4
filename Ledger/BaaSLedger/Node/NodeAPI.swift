import BaaSCrypto
import BaaSNet
import Dispatch

/// The node's JSON API (served over HTTPS with client certificates from the network CA):
///
/// - `GET /v1/status` — height, leader, term, connected peers, pool size;
/// - `GET /v1/blocks/{height|hash}` — header fields, hash, transaction hashes, raw encoding;
/// - `GET /v1/transactions/{hash}` — where it was committed and its receipt (or `pending`);
/// - `POST /v1/transactions[?wait=commit&timeout=S]` — `{"transaction": hex}` answers the
///   result (422 with the `ledger.*` code when refused) and `{"transactions": [hex…]}` answers
///   one result each; with `wait=commit` the answer comes once committed on this node (status
///   `committed`) or after the timeout (`pending`, 202); at most 4,096 per request (413);
/// - `POST /v1/transactions/batch[?wait=commit&timeout=S]` — the same for many transactions in
///   binary (`application/octet-stream`, see `SubmitBatch` for the request and answer layouts):
///   no hex or JSON to encode and parse; each transaction gets its own result (a refused one its
///   `ledger.*` code and message), a body that is not a batch is refused whole (400,
///   `ledger.malformed`, nothing admitted), more than 4,096 transactions too (413,
///   `ledger.batch_too_large`);
/// - `GET /v1/accounts/{address}`, `GET /v1/kv/{key hex}`;
/// - `GET /metrics` — Prometheus text.
/// - `POST /v1/contracts/{address}/call`, `GET /v1/contracts/{address}`,
///   `GET /v1/transactions/{hash}/contract` — see `ContractRoutes`.
struct NodeAPI: Sendable {
    let node: LedgerNode

    func router() -> Router {
        var router = Router()
        router.get("/v1/status") { _, _ in try .json(node.statusModel()) }
        router.get("/v1/blocks/{id}") { _, context in try .json(try block(context.parameter("id"))) }
        router.get("/v1/transactions/{hash}") { _, context in try .json(try transaction(context.parameter("hash"))) }
        router.post("/v1/transactions") { request, _ in try await submit(request) }
        router.post("/v1/transactions/batch") { request, _ in try await submitBatch(request) }
        router.get("/v1/accounts/{address}") { _, context in
            let text = try context.parameter("address")
            guard let address = Address(hex: text) else {
                throw HTTPError(status: 400, code: "bad_address", message: "'\(text)' is not a 20-byte hex address")
            }
            let account = node.store.account(address)
            return try .json(NodeAPIModels.Account(address: address.description, balance: account.balance, nonce: account.nonce))
        }
        router.get("/v1/kv/{key}") { _, context in
            let key = try hex(context.parameter("key"), what: "key")
            guard let (owner, value) = node.store.value(forKey: key) else {
                throw HTTPError(status: 404, code: "not_found", message: "no value is stored under this key")
            }
            return try .json(NodeAPIModels.KeyValue(key: Hex.encode(key), owner: owner.description, value: Hex.encode(value)))
        }
        router.get("/metrics") { _, _ in
            var response = HTTPResponse.text(node.metricsText())
            response.headers.set("Content-Type", "text/plain; version=0.0.4")
            return response
        }
        ContractRoutes.register(on: &router, store: node.store)
        return router
    }

    private func hex(_ text: String, what: String) throws -> [UInt8] {
        let digits = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard let bytes = try? Hex.decode(digits) else {
            throw HTTPError(status: 400, code: "bad_\(what)", message: "the \(what) must be hex digits")
        }
        return bytes
    }

    private func block(_ id: String) throws -> NodeAPIModels.Block {
        let found: Block?
        if let height = UInt64(id) {
            found = try node.store.block(at: height)
        } else {
            found = try node.store.block(hash: hex(id, what: "hash"))
        }
        guard let block = found else {
            throw HTTPError(status: 404, code: "not_found", message: "no block \(id) is stored on this node")
        }
        let algorithm = node.store.genesis.hashAlgorithm
        let h = block.header
        return NodeAPIModels.Block(
            height: h.height, hash: Hex.encode(block.hash(algorithm)), previousHash: Hex.encode(h.previousHash),
            timestampMilliseconds: h.timestampMilliseconds, transactionsRoot: Hex.encode(h.transactionsRoot),
            stateRoot: Hex.encode(h.stateRoot), receiptsRoot: Hex.encode(h.receiptsRoot), proposer: h.proposer,
            raftTerm: h.raftTerm, raftIndex: h.raftIndex,
            transactions: block.transactions.map { Hex.encode(Digest.hash($0, algorithm: algorithm)) },
            raw: Hex.encode(block.encoded()))
    }

    private func transaction(_ text: String) throws -> NodeAPIModels.Transaction {
        let hash = try hex(text, what: "hash")
        if let (height, position, receipt) = try node.store.receipt(transaction: hash) {
            var model = NodeAPIModels.Transaction(
                hash: Hex.encode(hash), status: "committed", height: height, position: position,
                outcome: receipt.status == .success ? "success" : "failed", reason: receipt.reason.isEmpty ? nil : receipt.reason,
                events: receipt.events.map { event in
                    NodeAPIModels.Event(name: event.name,
                                        attributes: Dictionary(event.attributes, uniquingKeysWith: { _, last in last }))
                })
            if let block = try node.store.block(at: height), position < block.transactions.count,
               let tx = try? Transaction(decoding: block.transactions[position]) {
                model.kind = tx.payload.kindName
                model.nonce = tx.nonce
                model.raw = Hex.encode(block.transactions[position])
            }
            return model
        }
        if node.pool.contains(hash) { return NodeAPIModels.Transaction(hash: Hex.encode(hash), status: "pending") }
        throw HTTPError(status: 404, code: "not_found", message: "this node knows no transaction with that hash")
    }

    private func submit(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try request.decode(NodeAPIModels.Submit.self)
        let wait = waitOption(request)
        let decode = { (hex: String) -> [UInt8]? in try? Hex.decode(hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex) }
        if let single = body.transaction {
            let result = await node.submit([decode(single)], wait: wait)[0]
            if result.status == "rejected" {
                let status = result.code == "ledger.malformed" ? 400 : (result.code == "ledger.pool_full" ? 503 : 422)
                throw HTTPError(status: status, code: result.code ?? "ledger.rejected", message: result.message ?? "rejected")
            }
            return try .json(result, status: result.status == "committed" ? 200 : 202)
        }
        guard let many = body.transactions else {
            throw HTTPError(status: 400, code: "bad_request", message: "send {\"transaction\": hex} or {\"transactions\": [hex, …]}")
        }
        guard many.count <= SubmitBatch.maxCount else {
            throw HTTPError(status: 413, code: "ledger.batch_too_large",
                            message: "the batch holds \(many.count) transactions; send at most \(SubmitBatch.maxCount) per request")
        }
        return try .json(NodeAPIModels.SubmitResults(results: await node.submit(many.map(decode), wait: wait)))
    }

    /// `POST /v1/transactions/batch`: the binary batch of `SubmitBatch`, answered in binary.
    private func submitBatch(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transactions: [[UInt8]]
        do {
            transactions = try SubmitBatch.decode(request.body)
        } catch let error as LedgerError {
            throw HTTPError(status: error.code == "ledger.batch_too_large" ? 413 : 400, code: error.code,
                            message: "\(error.message); the body must be a varint count, then each signed transaction as a varint length and its bytes")
        }
        let results = await node.submit(transactions.map { $0 }, wait: waitOption(request))
        var response = HTTPResponse(status: 200, body: SubmitBatch.encode(results))
        response.headers.set("Content-Type", "application/octet-stream")
        return response
    }

    /// `?wait=commit&timeout=S` (30 s by default).
    private func waitOption(_ request: HTTPRequest) -> Duration? {
        guard request.query["wait"] == "commit" else { return nil }
        return .milliseconds(Int64((Double(request.query["timeout"] ?? "30") ?? 30) * 1000))
    }
}
