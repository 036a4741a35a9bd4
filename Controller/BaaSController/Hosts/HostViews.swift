import BaaSAgent
import Foundation

/// `POST /v1/hosts/join-tokens` body.
struct CreateJoinTokenRequest: APIRequestBody {
    static let fields: Set<String> = ["tenant_id", "labels", "ttl_seconds"]
    var tenantID: String?
    var labels: [String: String]?
    var ttlSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case labels
        case tenantID = "tenant_id"
        case ttlSeconds = "ttl_seconds"
    }
}

/// The created join token: `token` is shown this once.
struct CreatedJoinTokenResponse: Encodable {
    var id: String
    var token: String
    var expiresAt: Date
    var controllerPinSHA256: String

    enum CodingKeys: String, CodingKey {
        case id, token
        case expiresAt = "expires_at"
        case controllerPinSHA256 = "controller_pin_sha256"
    }
}

/// `PUT /v1/hosts/{id}/desired-state` body.
struct DesiredStateRequest: APIRequestBody {
    static let fields: Set<String> = ["nodes"]
    var nodes: [NodeSpec]
}

/// `GET /v1/hosts/ca`: the platform root, which agents pin.
struct PlatformCAResponse: Encodable {
    var certificate: String
    var pinSHA256: String

    enum CodingKeys: String, CodingKey {
        case certificate
        case pinSHA256 = "pin_sha256"
    }
}

/// A host in listings; `HostDetailView` adds live data.
struct HostView: Encodable {
    var id: String
    var name: String
    var tenantID: String?
    var labels: [String: String]
    var status: String
    var lastSeenAt: Date?
    var enrolledAt: Date
    var certificateExpiresAt: Date
    var addresses: [String]
    var facts: HostFacts

    init(_ host: Host, online: Bool) {
        id = host.id
        name = host.name
        tenantID = host.tenantID
        labels = host.labels
        status = host.isRevoked ? "revoked" : online ? "online" : "offline"
        lastSeenAt = host.lastSeenAt
        enrolledAt = host.enrolledAt
        certificateExpiresAt = host.certificateExpiresAt
        addresses = host.facts.addresses.map(\.address)
        facts = host.facts
    }

    enum CodingKeys: String, CodingKey {
        case id, name, labels, status, addresses, facts
        case tenantID = "tenant_id"
        case lastSeenAt = "last_seen_at"
        case enrolledAt = "enrolled_at"
        case certificateExpiresAt = "certificate_expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(tenantID, forKey: .tenantID)
        try c.encode(labels, forKey: .labels)
        try c.encode(status, forKey: .status)
        try c.encode(lastSeenAt, forKey: .lastSeenAt)
        try c.encode(enrolledAt, forKey: .enrolledAt)
        try c.encode(certificateExpiresAt, forKey: .certificateExpiresAt)
        try c.encode(addresses, forKey: .addresses)
        try c.encode(facts, forKey: .facts)
    }
}

/// One host with its latest metrics batch, node states and desired-state generations.
struct HostDetailView: Encodable {
    var host: HostView
    var metrics: MetricsBatch?
    var nodes: [NodeStatus]
    var events: [String]
    var desiredGeneration: Int
    var appliedGeneration: Int?
    var desiredNodes: [NodeSpec]

    enum CodingKeys: String, CodingKey {
        case metrics, nodes, events
        case desiredGeneration = "desired_generation"
        case appliedGeneration = "applied_generation"
        case desiredNodes = "desired_nodes"
    }

    func encode(to encoder: any Encoder) throws {
        try host.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(events, forKey: .events)
        try c.encode(desiredGeneration, forKey: .desiredGeneration)
        try c.encode(appliedGeneration, forKey: .appliedGeneration)
        try c.encode(desiredNodes, forKey: .desiredNodes)
    }
}
