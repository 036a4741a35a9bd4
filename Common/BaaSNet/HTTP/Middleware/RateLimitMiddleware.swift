import Synchronization

/// Decides whether a caller may make one more request now. Implementations must be thread-safe.
public protocol RateLimiter: Sendable {
    /// Consumes one unit for `key`; `false` means refuse.
    func allow(_ key: String) -> Bool
}

/// Refuses requests over a `RateLimiter`'s budget with 429 `rate_limited` and `Retry-After: 1`.
/// The key defaults to the peer certificate fingerprint, else the remote IP address.
public struct RateLimitMiddleware: HTTPMiddleware {
    /// Names the budget a request draws from.
    public typealias Key = @Sendable (HTTPRequest, RequestContext) -> String

    private let limiter: any RateLimiter
    private let key: Key

    /// - Parameter key: defaults to principal, else peer fingerprint, else remote IP.
    public init(limiter: any RateLimiter, key: Key? = nil) {
        self.limiter = limiter
        self.key = key ?? { request, context in
            if let principal = context.principal { return principal }
            if let peer = request.peerIdentity { return peer.fingerprintSHA256 }
            let address = request.remoteAddress
            return String(address[..<(address.lastIndex(of: ":") ?? address.endIndex)])
        }
    }

    public func handle(_ request: HTTPRequest, context: RequestContext, next: HTTPResponder) async throws -> HTTPResponse {
        guard limiter.allow(key(request, context)) else {
            throw HTTPError(status: 429, code: "rate_limited", message: "too many requests; retry in a second",
                            headers: ["Retry-After": "1"])
        }
        return try await next(request, context)
    }
}

/// A token bucket per key: `burst` requests at once, refilled at `perSecond`. Thread-safe.
/// Keys idle long enough to be full again are forgotten, so memory follows active callers.
public final class TokenBucketRateLimiter: RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let perSecond: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter allowing `burst` requests at once and `perSecond` on average, per key.
    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = Double(burst)
    }

    public func allow(_ key: String) -> Bool {
        let now = ContinuousClock.now
        return buckets.withLock { buckets in
            if buckets.count > 10_000 {
                let fullAfter = Duration.seconds(burst / max(perSecond, 0.001))
                buckets = buckets.filter { now - $0.value.updated < fullAfter }
            }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            return allowed
        }
    }
}
