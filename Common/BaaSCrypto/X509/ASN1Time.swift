internal import COpenSSL
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Conversions between `Date` and OpenSSL's `ASN1_TIME`.
enum ASN1Time {
    /// The instant an `ASN1_TIME*` (borrowed) names, to the second.
    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else {
            OpenSSL.clearErrors()
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// Seconds since 1970 for `date`, rounded down (certificates carry whole seconds).
    static func seconds(_ date: Date) -> time_t {
        time_t(date.timeIntervalSince1970.rounded(.down))
    }

    /// A new `ASN1_TIME*` for `date` (UTCTime before 2050, GeneralizedTime after, as RFC 5280
    /// requires); the caller frees it with `ASN1_TIME_free`.
    static func make(_ date: Date) throws -> UnsafeMutablePointer<ASN1_TIME> {
        try OpenSSL.check(ASN1_TIME_set(nil, seconds(date)), "cannot represent the time \(date)")
    }
}
