import Foundation

/// Any JSON value, as the controller sends it: the CLI keeps answers whole so `--output json`
/// prints exactly what the API returned and tables pick the fields they show.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON bytes.
    /// - Throws: `CLIError` `cli.bad_response` when the bytes are not JSON.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw CLIError.badResponse("The controller's answer is not JSON; check that --controller points at the BaaS controller.")
        }
    }

    /// The member `key` of an object (`.null` for anything else or a missing key).
    public subscript(key: String) -> JSONValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    /// The elements of an array (empty for anything else).
    public var elements: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The string of a `.string` value.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// How a value reads in one table cell: strings bare, numbers without a needless `.0`,
    /// `null` empty, arrays joined by commas, objects as `k=v` pairs sorted by key.
    public var cellText: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "yes" : "no"
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): return value
        case .array(let items): return items.map(\.cellText).joined(separator: ",")
        case .object(let members):
            return members.keys.sorted().map { "\($0)=\(members[$0]!.cellText)" }.joined(separator: ",")
        }
    }

    /// Pretty JSON with sorted keys, as `--output json` prints it.
    public var prettyText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
