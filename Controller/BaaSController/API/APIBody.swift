import BaaSNet
import Foundation

/// Strict decoding of request bodies: a JSON object with only the documented fields, each of the
/// documented type. Every refusal is a 400 naming the field, so a client knows what to fix.
enum APIBody {
    /// Decodes `request`'s body as `T`.
    ///
    /// - Throws: `ControllerError` 400: `unsupported_media_type` (not `application/json`),
    ///   `invalid_json` (not a JSON object), `unknown_field`, `missing_field`, `invalid_field` (wrong type).
    static func decode<T: APIRequestBody>(_ type: T.Type, from request: HTTPRequest) throws -> T {
        if let contentType = request.headers["Content-Type"], !contentType.lowercased().hasPrefix("application/json") {
            throw ControllerError.badRequest("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))
        } catch {
            throw ControllerError.badRequest("invalid_json", "The request body is not valid JSON.")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ControllerError.badRequest("invalid_json", "The request body must be a JSON object.")
        }
        try checkFields(dictionary, allowed: T.fields, path: "")
        if T.self == CreateTenantRequest.self, let owner = dictionary["owner"] as? [String: Any] {
            try checkFields(owner, allowed: OwnerRequest.fields, path: "owner.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw ControllerError.badRequest("missing_field", "The field '\(name(context.codingPath + [key]))' is required.")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ControllerError.badRequest("missing_field", "The field '\(name(context.codingPath))' must not be null.")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw ControllerError.badRequest("invalid_field", "The field '\(name(context.codingPath))' must be \(describe(expected)).")
        } catch let DecodingError.dataCorrupted(context) {
            throw ControllerError.badRequest("invalid_field", "The field '\(name(context.codingPath))' has an invalid value.")
        } catch {
            throw ControllerError.badRequest("invalid_json", "The request body does not match this operation.")
        }
    }

    private static func checkFields(_ dictionary: [String: Any], allowed: Set<String>, path: String) throws {
        for key in dictionary.keys.sorted() where !allowed.contains(key) {
            throw ControllerError.badRequest("unknown_field", "Unknown field '\(path)\(key)'; this operation accepts: \(allowed.sorted().joined(separator: ", ")).")
        }
    }

    private static func name(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: return "a string"
        case is Int.Type, is Int?.Type: return "an integer"
        case is [String].Type, is [String]?.Type: return "an array of strings"
        case is Bool.Type: return "true or false"
        default: return "of another type (see /v1/openapi.json)"
        }
    }
}
