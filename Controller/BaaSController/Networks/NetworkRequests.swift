import Foundation

/// `POST /v1/networks`.
struct CreateNetworkRequest: APIRequestBody {
    static let fields: Set<String> = ["name", "tenant_id", "engine", "version", "consensus", "crypto", "nodes", "block"]

    /// One node: on a named host, or on a host chosen by labels.
    struct NodeRequest: Decodable, Sendable {
        var host: String?
        var selector: [String: String]?
        var role: String?
        var resources: Resources?

        struct Resources: Decodable, Sendable {
            var cpuMillicores: Int?
            var memoryBytes: UInt64?

            enum CodingKeys: String, CodingKey {
                case cpuMillicores = "cpu_millicores"
                case memoryBytes = "memory_bytes"
            }
        }
    }

    /// Block parameters written into the genesis.
    struct Block: Decodable, Sendable {
        var intervalMilliseconds: UInt64?
        var maxTransactions: UInt64?

        enum CodingKeys: String, CodingKey {
            case intervalMilliseconds = "interval_ms"
            case maxTransactions = "max_transactions"
        }
    }

    var name: String
    var tenantID: String?
    var engine: String?
    var version: String?
    var consensus: String?
    var crypto: String?
    var nodes: [NodeRequest]
    var block: Block?

    enum CodingKeys: String, CodingKey {
        case name, engine, version, consensus, crypto, nodes, block
        case tenantID = "tenant_id"
    }
}

/// `POST /v1/networks/{id}/transactions`: a key/value write, or a transfer, signed by the
/// platform's blockchain user of the network.
struct SubmitTransactionRequest: APIRequestBody {
    static let fields: Set<String> = ["key", "value", "to", "amount", "wait"]
    var key: String?
    var value: String?
    var to: String?
    var amount: UInt64?
    var wait: Bool?
}

/// The answer to `POST /v1/networks`: the network and its deployment job.
struct CreatedNetworkResponse: Encodable {
    var network: Network
    var job: NetworkJob
}

/// A relayed transaction's outcome.
struct SubmittedTransactionResponse: Encodable {
    var hash: String
    var status: String
    var height: UInt64?
    var node: String
}
