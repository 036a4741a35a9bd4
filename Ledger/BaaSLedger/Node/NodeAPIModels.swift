/// The JSON shapes of the node API (hex strings for every byte string, without `0x` except
/// addresses).
public enum NodeAPIModels {
    /// `GET /v1/status`.
    public struct Status: Codable, Sendable {
        public var nodeId: UInt64
        public var chainId: String
        public var height: UInt64
        public var headHash: String
        public var leader: UInt64
        public var term: UInt64
        public var role: String
        public var commitIndex: UInt64
        public var peers: [UInt64]
        public var poolSize: Int
        /// The Raft configuration this node applies: who votes and who only replicates.
        public var voters: [UInt64]?
        public var learners: [UInt64]?
    }

    /// `GET /v1/blocks/{height or hash}`.
    public struct Block: Codable, Sendable {
        public var height: UInt64
        public var hash: String
        public var previousHash: String
        public var timestampMilliseconds: UInt64
        public var transactionsRoot: String
        public var stateRoot: String
        public var receiptsRoot: String
        public var proposer: UInt64
        public var raftTerm: UInt64
        public var raftIndex: UInt64
        /// The hashes of the block's transactions, in order.
        public var transactions: [String]
        /// The block's canonical encoding.
        public var raw: String
    }

    /// A receipt event.
    public struct Event: Codable, Sendable {
        public var name: String
        public var attributes: [String: String]
    }

    /// `GET /v1/transactions/{hash}`.
    public struct Transaction: Codable, Sendable {
        public var hash: String
        /// `committed` or `pending`.
        public var status: String
        public var height: UInt64?
        public var position: Int?
        /// `success` or `failed` once committed.
        public var outcome: String?
        public var reason: String?
        public var events: [Event]?
        public var kind: String?
        public var nonce: UInt64?
        public var raw: String?
    }

    /// `POST /v1/transactions` body: one transaction or several (hex of the signed encoding).
    public struct Submit: Codable, Sendable {
        public var transaction: String?
        public var transactions: [String]?

        /// A submission of `transaction` or of `transactions`.
        public init(transaction: String? = nil, transactions: [String]? = nil) {
            self.transaction = transaction
            self.transactions = transactions
        }
    }

    /// What became of one submitted transaction.
    public struct SubmitResult: Codable, Sendable {
        public var hash: String
        /// `committed`, `pending` (accepted, not yet committed) or `rejected`.
        public var status: String
        public var height: UInt64?
        /// The `ledger.*` reason of a rejection.
        public var code: String?
        public var message: String?
    }

    /// The answer to a submission of several transactions.
    public struct SubmitResults: Codable, Sendable {
        public var results: [SubmitResult]
    }

    /// `GET /v1/accounts/{address}`.
    public struct Account: Codable, Sendable {
        public var address: String
        public var balance: UInt64
        public var nonce: UInt64
    }

    /// `GET /v1/kv/{key hex}`.
    public struct KeyValue: Codable, Sendable {
        public var key: String
        public var owner: String
        public var value: String
    }
}
