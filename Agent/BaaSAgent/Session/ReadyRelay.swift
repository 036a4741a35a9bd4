import Synchronization

/// Passes the runtime's one readiness call to whoever is listening, even if it came first.
final class ReadyRelay: Sendable {
    private struct State {
        var handler: (@Sendable (String) -> Void)?
        var fired: String?
    }

    private let state = Mutex(State())

    func fire(_ status: String) {
        let handler = state.withLock { state -> (@Sendable (String) -> Void)? in
            state.fired = status
            return state.handler
        }
        handler?(status)
    }

    func set(_ handler: @escaping @Sendable (String) -> Void) {
        let fired = state.withLock { state -> String? in
            state.handler = handler
            return state.fired
        }
        if let fired { handler(fired) }
    }
}
