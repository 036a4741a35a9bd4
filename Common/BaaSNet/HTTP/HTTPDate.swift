import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The IMF-fixdate for `Date` headers, formatted at most once a second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A cache for one thread or one connection: no lock on the hot path.
    struct Cache {
        private var second = -1
        private var text = ""

        mutating func now() -> String {
            let seconds = time(nil)
            if seconds != second {
                second = seconds
                text = HTTPDate.format(seconds)
            }
            return text
        }
    }

    static func now() -> String {
        let seconds = time(nil)
        return cache.withLock { cache in
            if cache.second != seconds { cache = (seconds, format(seconds)) }
            return cache.text
        }
    }

    static func format(_ value: Int) -> String {
        var seconds = value
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
