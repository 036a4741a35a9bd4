/// The JSON bodies of the contract routes (`ContractRoutes`); byte strings are hex without `0x`.
public enum ContractAPIModels {
    /// `POST /v1/contracts/{address}/call` body: call data (selector and ABI-encoded arguments),
    /// optionally the caller (`msg.sender`) and a gas limit.
    public struct CallRequest: Codable, Sendable {
        public var data: String
        public var from: String?
        public var gasLimit: UInt64?

        /// A request for call data `data` (hex).
        public init(data: String, from: String? = nil, gasLimit: UInt64? = nil) {
            self.data = data
            self.from = from
            self.gasLimit = gasLimit
        }
    }

    /// The answer of a read-only call.
    public struct CallResult: Codable, Sendable, Equatable {
        /// `success` or `failed`.
        public var status: String
        /// The `contract.*` code of a failure.
        public var reason: String?
        /// Return data, or revert data.
        public var output: String
        public var gasUsed: UInt64
        /// The decoded revert message or EVM failure.
        public var detail: String?
    }

    /// `GET /v1/contracts/{address}`.
    public struct Contract: Codable, Sendable, Equatable {
        public var address: String
        public var codeHash: String
        public var codeSize: Int
        public var balance: UInt64
        public var nonce: UInt64
    }

    /// A log of a receipt.
    public struct Log: Codable, Sendable, Equatable {
        public var address: String
        public var topics: [String]
        public var data: String
    }

    /// `GET /v1/transactions/{hash}/contract`: the contract part of a committed receipt.
    public struct Outcome: Codable, Sendable, Equatable {
        public var status: String
        public var reason: String?
        public var gasUsed: UInt64
        public var contractAddress: String?
        public var output: String
        public var logs: [Log]
        public var detail: String?
    }
}
