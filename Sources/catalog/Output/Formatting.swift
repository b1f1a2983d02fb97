import CatalogCore
import Foundation

/// Writes `message` to stderr as `error: message`.
func printError(_ message: String) {
    writeToStderr("error: \(message)\n")
}

/// Writes `message` to stderr as `warning: message`.
func printWarning(_ message: String) {
    writeToStderr("warning: \(message)\n")
}

extension Int {
    /// Digits grouped by thousands with commas: `138,357,544` (CatalogCore's `decimal`, the
    /// tool's one digit grouping).
    var grouped: String { decimal(self) }

    /// Bytes as Keras' summary prints them: 1024-based, two decimals, `527.79 MB`, `0.00 B`.
    var kerasMemorySize: String { scaledBy1024(units: ["B", "KB", "MB", "GB", "TB", "PB"]) }

    /// Bytes 1024-based with IEC labels, two decimals: `22.30 MiB`, `527.79 MiB`, `512.00 B`.
    /// The one unit rule of the tool's own sizes (README, Numbers); copies of another tool's lines
    /// (Keras' summary, torchinfo) keep that tool's units and say so.
    var iecSize: String { scaledBy1024(units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]) }

    /// The value divided by 1024 until below 1024 (or the last unit), two decimals and the unit.
    private func scaledBy1024(units: [String]) -> String {
        var size = Double(self)
        for unit in units.dropLast() {
            if size / 1024 < 1 { return decimalText(size, digits: 2) + " " + unit }
            size /= 1024
        }
        return decimalText(size, digits: 2) + " " + units.last!
    }

    /// FLOPs as 2 × MACs (one multiply and one add per multiply-accumulate: the convention of
    /// onnxsim, calflops and torch.utils.flop_counter.FlopCounterMode); `nil` on overflow.
    var flopsFromMACs: Int? {
        let (flops, overflow) = multipliedReportingOverflow(by: 2)
        return overflow ? nil : flops
    }

    /// A count with an SI suffix and two decimals: `15.47 G`, `61.71 K`, `950`.
    var siScaled: String {
        let value = Double(self)
        for (suffix, scale) in [("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3)] where value >= scale {
            return decimalText(value / scale, digits: 2) + " " + suffix
        }
        return String(self)
    }
}

extension TensorShape {
    /// The shape as a JSON list of integers (`null` for unknown axes).
    var jsonValue: Any { dimensions.map { $0.map { $0 as Any } ?? NSNull() } }
}

/// Serializes `object` (built from dictionaries, arrays, strings, numbers) as pretty JSON, an
/// empty array as `[]` and an empty object as `{}` (Foundation on Linux writes `[\n\n  ]`).
func jsonText(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    // A JSON string holds no raw newline, so a bracket, newlines and spaces, and its closing
    // bracket are an empty array or object.
    return String(decoding: data, as: UTF8.self)
        .replacingOccurrences(of: #"\[\n[ \n]*\]"#, with: "[]", options: .regularExpression)
        .replacingOccurrences(of: #"\{\n[ \n]*\}"#, with: "{}", options: .regularExpression)
}

/// One CSV field, quoted when needed (RFC 4180).
func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// Serializes `object` as one line of compact JSON, keys sorted (JSON lines).
func jsonLine(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(
        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// The share of `part` in `whole` as torchinfo's params_percent prints it: `12.5%`, two decimals
/// under 1% (`0.04%`), `<0.01%` for a positive part below that; `-` when the whole is 0.
func percentText(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "-" }
    let percent = Double(part) / Double(whole) * 100
    if percent >= 1 || part == 0 { return decimalText(percent, digits: 1) + "%" }
    return percent < 0.005 ? "<0.01%" : decimalText(percent, digits: 2) + "%"
}

/// `value` with `digits` decimals, as C's printf writes it (`%.2f`): `527.79`, `12.5`.
///
/// C's `vsnprintf` into a stack buffer: `String(format:)` cost 9 of the 105 million
/// instructions of `show` of 1,000 layers (BENCHMARKS.md, "Before/after the layout cleanup").
func decimalText(_ value: Double, digits: Int) -> String {
    let format = "%.\(digits)f"
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer -> String in
        let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
        guard written >= 0, written < buffer.count else { return String(format: format, value) }
        return String(cString: buffer.baseAddress!)
    }
}
