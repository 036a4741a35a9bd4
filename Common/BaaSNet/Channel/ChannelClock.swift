/// The monotonic time a `ChannelSession` runs on in production: time since the process's first use.
package enum ChannelClock {
    private static let origin = ContinuousClock.now

    package static var now: Duration { ContinuousClock.now - origin }
}
