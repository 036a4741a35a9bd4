import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Delivers SIGTERM-like signals to whoever is subscribed, through Dispatch signal sources.
///
/// A Dispatch source only observes a signal, so its default action (terminate) is set to ignore
/// first. On Linux, libdispatch then installs a handler of its own, once per signal and process,
/// and reads the signal through a signalfd; putting the old disposition back later would cut it
/// off for good. So a signal, once routed, stays routed for the life of the process: with no
/// subscriber it is logged nowhere and ignored (programs run their `ServiceGroup` for their whole
/// life, and exit when it returns).
final class SignalRouter: Sendable {
    static let shared = SignalRouter()

    private struct Subscriber {
        let signals: Set<Int32>
        let handler: @Sendable (Int32) -> Void
    }

    private struct State: ~Copyable {
        var sources: [Int32: any DispatchSourceSignal] = [:]
        var subscribers: [UInt64: Subscriber] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Calls `handler` (on a Dispatch queue) for each of `signals` that arrives until
    /// `unsubscribe` is called with the returned id.
    func subscribe(to signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> UInt64 {
        state.withLock { state in
            for number in signals where state.sources[number] == nil {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.deliver(number) }
                // Registration (and libdispatch's own handler) happens asynchronously; until then
                // the signal would be ignored, so wait for it, boundedly.
                let registered = DispatchSemaphore(value: 0)
                source.setRegistrationHandler { registered.signal() }
                source.resume()
                _ = registered.wait(timeout: .now() + .seconds(2))
                state.sources[number] = source
            }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(signals: Set(signals), handler: handler)
            return id
        }
    }

    func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    private func deliver(_ number: Int32) {
        let handlers = state.withLock { state in
            state.subscribers.values.filter { $0.signals.contains(number) }.map(\.handler)
        }
        for handler in handlers { handler(number) }
    }
}
