import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Turns signals into calls of a handler while installed, instead of their default action.
///
/// A Dispatch signal source only observes a signal; the default action (terminate, for SIGTERM)
/// would still run, so the disposition is set to ignore first. `restore` puts back the previous
/// dispositions.
final class SignalHandlers: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private var previous: [(Int32, sigaction)] = []

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        for number in signals {
            var old = sigaction()
            sigaction(number, nil, &old)
            previous.append((number, old))
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
    }

    func restore() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for (number, old) in previous {
            var old = old
            sigaction(number, &old, nil)
        }
        previous.removeAll()
    }
}
