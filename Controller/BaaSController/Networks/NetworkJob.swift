import Foundation

/// A deployment job: ordered steps, each with its state and progress, and the failure's cause
/// (the host that failed and what it said) when one failed.
public struct NetworkJob: Codable, Sendable, Equatable {
    /// One step of the job.
    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        /// `pending`, `running`, `succeeded`, `failed`.
        public var state: String
        public var done: Int
        public var total: Int
        public var detail: String
        public var seconds: Double?

        init(_ name: String, total: Int) {
            self.name = name
            self.state = "pending"
            self.done = 0
            self.total = total
            self.detail = ""
        }
    }

    /// Why a job failed.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var hostID: String?
        public var hostName: String?

        enum CodingKeys: String, CodingKey {
            case code, message
            case hostID = "host_id"
            case hostName = "host_name"
        }
    }

    public var id: String
    public var tenantID: String?
    public var networkID: String
    /// `deploy` or `rollback`.
    public var kind: String
    /// `running`, `succeeded`, `failed`, `rolled_back`.
    public var status: String
    public var steps: [Step]
    public var error: Failure?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, status, steps, error
        case tenantID = "tenant_id"
        case networkID = "network_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case finishedAt = "finished_at"
    }

    /// The deployment's steps in order.
    static let deploySteps = ["network_ca", "node_keys", "certificates", "configuration", "desired_state", "first_block"]
}
