import Foundation

/// The catalog's timestamps (`created_at`, `updated_at`, `computed_at`): ISO 8601 in UTC to
/// the second, `2024-05-01T12:34:56Z`, the text `Date.formatted(.iso8601)` gives.
///
/// Written from the date's seconds since 1970 with the proleptic Gregorian calendar (days to
/// year, month and day as in Howard Hinnant's `civil_from_days`), since Foundation's format
/// style cost more than the rest of an add's row building (BENCHMARKS.md). Dates outside
/// years 1600–9999 are left to Foundation (its calendar is Julian before 15 October 1582). Tests/CatalogServiceTests/TimestampTests.swift
/// compares both on fixed and random dates.
enum Timestamp {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ` in UTC, fractions of a second dropped.
    static func iso8601(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        // 1600-01-01 to 9999-12-31 (Foundation's calendar is Julian before October 1582).
        guard interval.isFinite, interval >= -11_676_096_000, interval < 253_402_300_800 else {
            return date.formatted(.iso8601)
        }
        let seconds = Int(interval.rounded(.down))
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}
