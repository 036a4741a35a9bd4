import Testing
@testable import BaaSNet

@Suite struct ChannelBackoffTests {
    @Test func ceilingDoublesUpToCap() {
        var backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(10), random: ChannelSeededRandom(seed: 1))
        var ceilings: [Duration] = []
        for _ in 0..<6 {
            ceilings.append(backoff.ceiling)
            _ = backoff.nextDelay()
        }
        #expect(ceilings == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test func delaysAreJitteredWithinCeiling() {
        var backoff = ReconnectBackoff(base: .milliseconds(100), cap: .seconds(5), random: ChannelSeededRandom(seed: 7))
        var delays: [Duration] = []
        for _ in 0..<40 {
            let ceiling = backoff.ceiling
            let delay = backoff.nextDelay()
            #expect(delay >= .zero && delay <= ceiling)
            delays.append(delay)
        }
        #expect(Set(delays).count > 35, "full jitter draws distinct delays")
        let capped = delays.suffix(20)
        #expect(capped.contains { $0 < .milliseconds(2500) } && capped.contains { $0 > .milliseconds(2500) })
    }

    @Test func sameSeedReplaysSameDelays() {
        func run(_ seed: UInt64) -> [Duration] {
            var backoff = ReconnectBackoff(random: ChannelSeededRandom(seed: seed))
            return (0..<10).map { _ in backoff.nextDelay() }
        }
        #expect(run(3) == run(3))
        #expect(run(3) != run(4))
    }

    @Test func stableConnectionResetsAttempts() {
        var backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(60), stableAfter: .seconds(30),
                                       random: ChannelSeededRandom(seed: 2))
        for _ in 0..<5 { _ = backoff.nextDelay() }
        backoff.connected(now: .seconds(100))
        backoff.disconnected(now: .seconds(129))
        #expect(backoff.attempt == 5, "a connection that flapped keeps backing off")
        backoff.connected(now: .seconds(200))
        backoff.disconnected(now: .seconds(230))
        #expect(backoff.attempt == 0)
        #expect(backoff.ceiling == .seconds(1))
    }

    @Test func hugeAttemptCountsStayAtCap() {
        var backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(60), random: ChannelSeededRandom(seed: 9))
        for _ in 0..<200 { #expect(backoff.nextDelay() <= .seconds(60)) }
        #expect(backoff.ceiling == .seconds(60))
    }
}
