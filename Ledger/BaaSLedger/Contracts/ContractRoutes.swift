import BaaSCrypto
import BaaSNet

/// The node API's contract routes, over a node's `LedgerStore`:
///
/// - `POST /v1/contracts/{address}/call` — read-only call (`ContractAPIModels.CallRequest` →
///   `CallResult`); nothing is written and no transaction is made;
/// - `GET /v1/contracts/{address}` — code hash and size, balance, nonce (404 without code);
/// - `GET /v1/transactions/{hash}/contract` — gas used, logs, contract address, output and
///   failure detail of a committed `deploy`/`call` (404 for other transactions).
///
/// The node registers them with `ContractRoutes.register(on: &router, store: node.store)` next
/// to its own routes.
public enum ContractRoutes {
    /// Adds the routes to `router` (before the server starts).
    public static func register(on router: inout Router, store: LedgerStore) {
        router.post("/v1/contracts/{address}/call") { request, context in
            try .json(call(store: store, address: context.parameter("address"),
                           request: request.decode(ContractAPIModels.CallRequest.self)))
        }
        router.get("/v1/contracts/{address}") { _, context in
            try .json(contract(store: store, address: context.parameter("address")))
        }
        router.get("/v1/transactions/{hash}/contract") { _, context in
            try .json(outcome(store: store, hash: context.parameter("hash")))
        }
    }

    /// The read-only call a `POST /v1/contracts/{address}/call` asks for.
    ///
    /// - Throws: `HTTPError` 400 for a malformed address, caller or call data.
    public static func call(store: LedgerStore, address text: String, request: ContractAPIModels.CallRequest) throws
        -> ContractAPIModels.CallResult {
        let contract = try address(text)
        let from = try request.from.map(address) ?? .zero
        let input = try bytes(request.data, what: "data")
        let result = store.call(contract: contract, input: input, from: from,
                                gasLimit: request.gasLimit ?? ContractExecution.readOnlyCallGas)
        return ContractAPIModels.CallResult(status: result.succeeded ? "success" : "failed", reason: result.reason,
                                            output: Hex.encode(result.output), gasUsed: result.gasUsed,
                                            detail: result.detail.isEmpty ? nil : result.detail)
    }

    /// The contract account at `address`.
    ///
    /// - Throws: `HTTPError` 400 for a malformed address, 404 when no code is there.
    public static func contract(store: LedgerStore, address text: String) throws -> ContractAPIModels.Contract {
        let address = try address(text)
        let account = store.account(address)
        guard !account.codeHash.isEmpty else {
            throw HTTPError(status: 404, code: "not_found", message: "no contract is deployed at \(address)")
        }
        return ContractAPIModels.Contract(address: address.description, codeHash: Hex.encode(account.codeHash),
                                          codeSize: store.code(at: address).count, balance: account.balance, nonce: account.nonce)
    }

    /// The contract outcome of the committed transaction `hash`.
    ///
    /// - Throws: `HTTPError` 400 for a malformed hash, 404 when no committed contract transaction has it.
    public static func outcome(store: LedgerStore, hash text: String) throws -> ContractAPIModels.Outcome {
        let hash = try bytes(text, what: "hash")
        guard let (_, _, receipt) = try store.receipt(transaction: hash), let contract = receipt.contract else {
            throw HTTPError(status: 404, code: "not_found", message: "no committed deploy or call transaction has this hash on this node")
        }
        return ContractAPIModels.Outcome(
            status: receipt.status == .success ? "success" : "failed", reason: receipt.reason.isEmpty ? nil : receipt.reason,
            gasUsed: contract.gasUsed, contractAddress: contract.contractAddress?.description, output: Hex.encode(contract.output),
            logs: contract.logs.map { ContractAPIModels.Log(address: $0.address.description, topics: $0.topics.map(Hex.encode),
                                                            data: Hex.encode($0.data)) },
            detail: contract.detail.isEmpty ? nil : contract.detail)
    }

    private static func address(_ text: String) throws -> Address {
        guard let address = Address(hex: text) else {
            throw HTTPError(status: 400, code: "bad_address", message: "'\(text)' is not a 20-byte hex address")
        }
        return address
    }

    private static func bytes(_ text: String, what: String) throws -> [UInt8] {
        let digits = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard let bytes = try? Hex.decode(digits) else {
            throw HTTPError(status: 400, code: "bad_\(what)", message: "the \(what) must be hex digits")
        }
        return bytes
    }
}
