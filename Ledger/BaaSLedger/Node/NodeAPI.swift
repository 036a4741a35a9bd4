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
///   `committed`) or after the timeout (`pending`, 202);
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
        let wait = request.query["wait"] == "commit"
        let timeout = Duration.milliseconds(Int64((Double(request.query["timeout"] ?? "30") ?? 30) * 1000))
        if let single = body.transaction {
            var result = node.submit(single)
            if result.status == "rejected" {
                let status = result.code == "ledger.malformed" ? 400 : (result.code == "ledger.pool_full" ? 503 : 422)
                throw HTTPError(status: status, code: result.code ?? "ledger.rejected", message: result.message ?? "rejected")
            }
            if wait { result = await node.waitForCommit(result, timeout: timeout) }
            return try .json(result, status: result.status == "committed" ? 200 : 202)
        }
        guard let many = body.transactions else {
            throw HTTPError(status: 400, code: "bad_request", message: "send {\"transaction\": hex} or {\"transactions\": [hex, …]}")
        }
        var results = many.map { node.submit($0) }
        if wait {
            results = await withTaskGroup(of: (Int, NodeAPIModels.SubmitResult).self) { group in
                for (index, result) in results.enumerated() {
                    group.addTask { (index, await node.waitForCommit(result, timeout: timeout)) }
                }
                var done = results
                for await (index, result) in group { done[index] = result }
                return done
            }
        }
        return try .json(NodeAPIModels.SubmitResults(results: results))
    }
}
