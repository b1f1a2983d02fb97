// Checked 64-bit arithmetic: an overflow is a LayerFault, never a wrapped number.

@inline(__always)
func product(_ factors: Int...) throws(LayerFault) -> Int {
    try product(factors)
}

func product(_ factors: [Int]) throws(LayerFault) -> Int {
    var result = 1
    for factor in factors {
        let (value, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { throw .overflow }
        result = value
    }
    return result
}

func sum(_ terms: Int...) throws(LayerFault) -> Int {
    try sum(terms)
}

func sum(_ terms: [Int]) throws(LayerFault) -> Int {
    var result = 0
    for term in terms {
        let (value, overflow) = result.addingReportingOverflow(term)
        if overflow { throw .overflow }
        result = value
    }
    return result
}

/// The product of the known dimensions; an unknown (`nil`) dimension counts once. Used for
/// MACs, which for an unknown sequence length are given per step.
func knownProduct(_ dimensions: [Int?]) throws(LayerFault) -> Int {
    try product(dimensions.map { $0 ?? 1 })
}
