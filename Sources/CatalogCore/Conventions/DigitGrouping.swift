/// An integer with its digits grouped by thousands with commas: `25,557,032`, `-1,024`, `0`.
///
/// The one digit grouping of the tool: Core's explanations and memory formulas use it, and the
/// executable's tables through `Int.grouped`. Scripts' formats (JSON, CSV) carry raw integers.
public func decimal(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    result.reserveCapacity(digits.count + digits.count / 3 + 1)
    if value < 0 { result.append("-") }
    for (offset, character) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return result
}
