import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small fixed set of threads that runs request handlers (a Swift `TaskExecutor`).
///
/// Handlers run here instead of on Swift's global cooperative pool, so a handler that blocks
/// (a synchronous SQLite call, a slow file read) holds one of these threads only and never
/// starves the rest of the process. Event loops never run handlers. Thread-safe; threads live as
/// long as the process (pools are meant to be few and long-lived).
public final class WorkerPool: TaskExecutor, @unchecked Sendable {
    /// A process-wide pool of four threads, started on first use.
    public static let shared = WorkerPool(threadCount: 4)

    /// The number of threads.
    public let threadCount: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var idleThreads = 0

    /// Starts `threadCount` threads (at least one).
    public init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for _ in 0..<self.threadCount {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let result = pthread_create(&thread, nil, { argument in
                let pool = Unmanaged<WorkerPool>.fromOpaque(argument!).takeRetainedValue()
                pool.work()
                return nil
            }, context)
            if result == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<WorkerPool>.fromOpaque(context).release()
            }
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        pthread_mutex_lock(mutex)
        jobs.append(unowned)
        let wake = idleThreads > 0
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
    }

    private func work() {
        baas_set_thread_name("baas-worker")
        let executor = asUnownedTaskExecutor()
        while true {
            pthread_mutex_lock(mutex)
            while head == jobs.count {
                if head > 0 {
                    jobs.removeAll(keepingCapacity: true)
                    head = 0
                }
                idleThreads += 1
                pthread_cond_wait(condition, mutex)
                idleThreads -= 1
            }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            pthread_mutex_unlock(mutex)
            job.runSynchronously(on: executor)
        }
    }
}
