import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One reactor thread: epoll over non-blocking sockets, an eventfd for wake-ups, and timers.
///
/// Everything registered with a loop (connections, listeners, timers) is touched only on its
/// thread, so each OpenSSL session is used by one thread at a time. `execute` and `schedule` may be
/// called from any thread; blocking work must never run on the loop (hand it to a `Task`).
public final class EventLoop: @unchecked Sendable {
    /// Identifies a scheduled timer so it can be cancelled.
    public struct TimerID: Hashable, Sendable {
        fileprivate let value: UInt64
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex<Inbox>(Inbox())
    private let running = Atomic<Bool>(true)
    private let threadStarted = Atomic<Bool>(false)
    /// Written by `pthread_create` before the new thread runs, read-only afterwards.
    private var thread = pthread_t()

    // Loop-thread state.
    private var selectables: [EventLoopSelectable?] = []
    private var timerHeap: [(deadline: UInt64, id: UInt64)] = []
    private var timerActions: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 1
    /// A scratch buffer for socket reads, shared by every connection of this loop.
    let readBuffer: UnsafeMutableRawBufferPointer

    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var signalled = false
    }

    private let name: String

    /// Creates the loop and starts its thread, named `name` (15 characters at most show in
    /// `top -H` and `perf`).
    /// - Throws: `NetError` `net.reactor` if epoll or eventfd cannot be created.
    public init(name: String = "baas-loop") throws {
        self.name = name
        baas_ignore_sigpipe()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw NetError.system("net.reactor", "epoll_create1") }
        wakeFD = baas_eventfd_nonblocking()
        guard wakeFD >= 0 else {
            Glibc.close(epollFD)
            throw NetError.system("net.reactor", "eventfd")
        }
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        // Edge-triggered: every write to the eventfd is an edge, so the loop never has to read
        // it back (one system call less per wake-up); the counter cannot realistically overflow.
        var event = epoll_event()
        event.events = baas_EPOLLIN | baas_EPOLLET
        event.data.u64 = UInt64.max
        _ = epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)

        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            throw NetError("net.reactor", "cannot start an event-loop thread (error \(result))")
        }
        threadStarted.store(true, ordering: .releasing)
    }

    deinit {
        readBuffer.deallocate()
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
    }

    /// Whether the caller is on this loop's thread.
    public var inEventLoop: Bool {
        threadStarted.load(ordering: .acquiring) && pthread_equal(thread, pthread_self()) != 0
    }

    /// Runs `task` on the loop thread soon (after the current event batch). Thread-safe.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let mustSignal = inbox.withLock { inbox -> Bool in
            inbox.tasks.append(task)
            if inbox.signalled { return false }
            inbox.signalled = true
            return true
        }
        if mustSignal {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    /// Runs `task` on the loop thread after `delay`. Thread-safe.
    @discardableResult
    public func schedule(after delay: Duration, _ task: @escaping @Sendable () -> Void) -> TimerID {
        let id = EventLoop.timerCounter.add(1, ordering: .relaxed).newValue
        let deadline = EventLoop.now() + delay.nanoseconds
        if inEventLoop {
            addTimer(id: id, deadline: deadline, task)
        } else {
            execute { self.addTimer(id: id, deadline: deadline, task) }
        }
        return TimerID(value: id)
    }

    /// Cancels a timer that has not fired yet; harmless otherwise. Thread-safe.
    public func cancel(_ timer: TimerID) {
        if inEventLoop {
            timerActions[timer.value] = nil
        } else {
            execute { self.timerActions[timer.value] = nil }
        }
    }

    /// Stops the loop thread and waits for it. Registered sockets are closed by their owners'
    /// shutdown (close listeners and connections first). Do not call from the loop itself.
    public func shutdown() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
        if threadStarted.load(ordering: .acquiring), !inEventLoop {
            pthread_join(thread, nil)
        }
    }

    // MARK: - Loop-thread API

    private static let timerCounter = Atomic<UInt64>(0)

    /// Monotonic nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Loop thread only: a timer at an absolute monotonic deadline.
    func addTimer(id: UInt64, deadline: UInt64, _ action: @escaping () -> Void) {
        timerActions[id] = action
        timerHeap.append((deadline, id))
        var child = timerHeap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if timerHeap[parent].deadline <= timerHeap[child].deadline { break }
            timerHeap.swapAt(parent, child)
            child = parent
        }
    }

    /// Loop thread only: a timer, returning its id.
    func addTimer(at deadline: UInt64, _ action: @escaping () -> Void) -> UInt64 {
        let id = EventLoop.timerCounter.add(1, ordering: .relaxed).newValue
        addTimer(id: id, deadline: deadline, action)
        return id
    }

    /// Loop thread only.
    func cancelTimer(_ id: UInt64) {
        timerActions[id] = nil
    }

    /// Loop thread only: watches `fd` for `events` on behalf of `selectable`.
    func register(_ fd: Int32, _ selectable: EventLoopSelectable, events: UInt32) throws {
        var event = epoll_event()
        event.events = events
        event.data.u64 = UInt64(fd)
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            throw NetError.system("net.reactor", "epoll_ctl(ADD)")
        }
        let index = Int(fd)
        if index >= selectables.count {
            selectables.append(contentsOf: repeatElement(nil, count: index + 1 - selectables.count))
        }
        selectables[index] = selectable
    }

    /// Loop thread only.
    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = UInt64(fd)
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    /// Loop thread only: forgets `fd` (before it is closed).
    func deregister(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        if Int(fd) < selectables.count { selectables[Int(fd)] = nil }
    }

    // MARK: - The loop

    private func run() {
        baas_set_thread_name(name)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while running.load(ordering: .relaxed) {
            let count = epoll_wait(epollFD, events, Int32(capacity), waitTimeout())
            if count > 0 {
                for index in 0..<Int(count) {
                    let event = events[index]
                    if event.data.u64 == UInt64.max { continue }
                    let fd = Int(event.data.u64)
                    if fd < selectables.count, let selectable = selectables[fd] {
                        selectable.handleEvents(event.events)
                    }
                }
            }
            runTasks()
            runTimers()
        }
        runTasks()
    }

    private func waitTimeout() -> Int32 {
        if inbox.withLock({ !$0.tasks.isEmpty }) { return 0 }
        guard let first = timerHeap.first else { return -1 }
        let now = EventLoop.now()
        if first.deadline <= now { return 0 }
        return Int32(min((first.deadline - now + 999_999) / 1_000_000, 60_000))
    }

    private func runTasks() {
        let tasks = inbox.withLock { inbox -> [@Sendable () -> Void] in
            inbox.signalled = false
            return inbox.tasks.isEmpty ? [] : { let tasks = inbox.tasks; inbox.tasks.removeAll(keepingCapacity: true); return tasks }()
        }
        for task in tasks { task() }
    }

    private func runTimers() {
        guard !timerHeap.isEmpty else { return }
        let now = EventLoop.now()
        while let first = timerHeap.first, first.deadline <= now {
            popTimer()
            if let action = timerActions.removeValue(forKey: first.id) { action() }
        }
    }

    private func popTimer() {
        let last = timerHeap.removeLast()
        guard !timerHeap.isEmpty else { return }
        timerHeap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < timerHeap.count, timerHeap[left].deadline < timerHeap[smallest].deadline { smallest = left }
            if right < timerHeap.count, timerHeap[right].deadline < timerHeap[smallest].deadline { smallest = right }
            if smallest == parent { break }
            timerHeap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

/// Something with a file descriptor on an event loop; called on the loop thread.
protocol EventLoopSelectable: AnyObject {
    func handleEvents(_ events: UInt32)
}

extension Duration {
    /// Whole nanoseconds (negative durations count as zero).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
