/// Why a memory figure cannot be given.
public enum MemoryError: Error, Hashable, Sendable {
    /// A term exceeds 64 bits (the term's name).
    case overflow(term: String)
    /// A quantized type needs whole blocks: `elements` values per row are not a multiple of the
    /// type's block (`Q8_0` stores rows of 32; a KV row of 80 values cannot be stored in it).
    case partialBlock(type: String, elements: Int, blockElements: Int, what: String)
    /// A type name that is not known (the names accepted are listed).
    case unknownType(String, accepted: [String])
    /// A value out of range (a context or batch below 1, a LoRA rank below 1).
    case invalid(String)
    /// The architecture lacks what the figure needs (LoRA targets that match no layer).
    case missing(String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .overflow(let term): "\(term) exceeds 64-bit integers"
        case .partialBlock(let type, let elements, let block, let what):
            "\(what): \(elements) values per row are not a whole number of \(type) blocks of \(block)"
        case .unknownType(let name, let accepted):
            "unknown type '\(name)' (known: \(accepted.joined(separator: ", ")))"
        case .invalid(let message), .missing(let message): message
        }
    }
}

// Checked arithmetic for memory terms: an overflow names the term, never wraps.
@inline(__always)
func checkedProduct(_ term: String, _ factors: Int...) throws(MemoryError) -> Int {
    var result = 1
    for factor in factors {
        let (value, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { throw .overflow(term: term) }
        result = value
    }
    return result
}

@inline(__always)
func checkedSum(_ term: String, _ terms: Int...) throws(MemoryError) -> Int {
    var result = 0
    for value in terms {
        let (next, overflow) = result.addingReportingOverflow(value)
        if overflow { throw .overflow(term: term) }
        result = next
    }
    return result
}
