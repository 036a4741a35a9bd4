#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs deeply nested EVM calls on threads with a known, large stack.
///
/// Each nested message costs several kilobytes of native stack (tens of kilobytes in a debug
/// build), so 1024 levels would overflow a typical thread. Moving to a fresh thread at fixed depths
/// keeps execution deterministic (the same messages run, whatever thread the caller used) while the
/// caller's own thread only ever holds the first few levels.
enum LargeStack {
    /// The first depth that runs on a fresh thread, and the interval of later ones.
    static let firstDepth = 4
    static let interval = 64
    /// Virtual size of each thread's stack; pages are committed only as they are used.
    static let size = 64 << 20

    /// True when a message at `depth` should start on a fresh thread.
    static func isBoundary(_ depth: Int) -> Bool {
        depth >= firstDepth && (depth - firstDepth) % interval == 0
    }

    private final class Job: @unchecked Sendable {
        let body: () -> EVMResult
        var result: EVMResult?

        init(_ body: @escaping () -> EVMResult) { self.body = body }
    }

    /// Runs `body` on a new thread with a `size` stack and waits for it; the caller is blocked
    /// meanwhile, so `body` may use the caller's non-thread-safe objects. Falls back to the
    /// current thread if no thread can be created.
    static func run(_ body: @escaping () -> EVMResult) -> EVMResult {
        let job = Job(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let context = Unmanaged.passRetained(job).toOpaque()
        let created = pthread_create(&thread, &attributes, { context in
            let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
            job.result = job.body()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return body()
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
        return job.result ?? .failure(.callDepthExceeded)
    }
}
