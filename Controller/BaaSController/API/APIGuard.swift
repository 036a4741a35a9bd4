import BaaSCore
import BaaSNet
import Foundation

/// What every `/v1` route group shares: bearer authentication, and turning errors into the one
/// error shape (`ControllerError` → its status and code; anything unexpected → a 500 whose
/// details go to the log only).
struct APIGuard: Sendable {
    let domain: ControllerDomain
    let logger: Logger

    /// The principal behind the request's `Authorization: Bearer …` header.
    func principal(_ request: HTTPRequest) throws -> Principal {
        guard let header = request.headers["Authorization"] else {
            throw ControllerError.unauthorized("unauthenticated", "Send 'Authorization: Bearer <token>'; get a token with POST /v1/sessions.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ControllerError.unauthorized("unauthenticated", "The Authorization header must be 'Bearer <token>'.")
        }
        return try domain.sessions.authenticate(bearer: String(parts[1]).trimmingCharacters(in: .whitespaces),
                                                sourceAddress: ControllerAPI.sourceAddress(request))
    }

    /// The HTTP error `error` answers as.
    func mapped(_ error: any Error) -> any Error {
        if let error = error as? ControllerError {
            var headers = HTTPHeaders()
            if let seconds = error.retryAfterSeconds { headers.set("Retry-After", String(seconds)) }
            return HTTPError(status: error.status, code: error.code, message: error.message, headers: headers)
        }
        if error is HTTPError { return error }
        logger.error("request failed", ["error": .string(String(describing: error))])
        return HTTPError(status: 500, code: "controller.internal_error",
                         message: "The controller failed to handle the request; its log has details.")
    }

    /// Runs `body` with errors mapped.
    func run(_ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try body()
        } catch {
            throw mapped(error)
        }
    }

    /// Runs `body` for the authenticated principal, with errors mapped.
    func authenticated(_ request: HTTPRequest, _ body: (Principal) throws -> HTTPResponse) throws -> HTTPResponse {
        try run { try body(try principal(request)) }
    }

    /// Runs the asynchronous `body` for the authenticated principal, with errors mapped.
    func authenticated(_ request: HTTPRequest, _ body: (Principal) async throws -> HTTPResponse) async throws -> HTTPResponse {
        do {
            return try await body(try principal(request))
        } catch {
            throw mapped(error)
        }
    }
}
