import Foundation
import Testing
@testable import CatalogService

/// The catalog's timestamps are what `Date.formatted(.iso8601)` writes, to the second.
@Suite("Timestamps as Foundation's ISO 8601 format writes them")
struct TimestampTests {
    @Test(arguments: [
        0.0, 0.4, 0.999, -0.001, -1.0, -86_400.5, 951_782_400.0, 951_868_799.9, 1_700_000_000.0, 1_709_208_000.25,
        4_107_542_400.0, 253_402_300_799.0, -11_676_096_000.0, -11_676_096_000.5, -12_219_292_800.0, -62_135_596_800.0, 1_234_567_890.123456, 946_684_799.0, 946_684_800.0,
    ])
    func fixedDates(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.iso8601(date) == date.formatted(.iso8601))
    }

    @Test func handWritten() {
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        // 2000-02-29 (a leap day of a century year divisible by 400), 12:00:00.
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 951_825_600)) == "2000-02-29T12:00:00Z")
    }

    @Test func randomDates() {
        var state: UInt64 = 3
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Years 1 to 9999 (Julian before 1582 in Foundation: left to it), with fractions of a second.
            let seconds = -62_135_596_800 + Double(state >> 20).truncatingRemainder(dividingBy: 315_537_897_599) + Double(state & 0xFF) / 256
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == date.formatted(.iso8601), "\(seconds)")
        }
    }

    @Test func datesOutsideFourDigitYearsAreFoundations() {
        for seconds in [-62_135_596_801.0, 253_402_300_800.0, -1e12, 1e13] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == date.formatted(.iso8601))
        }
    }
}
