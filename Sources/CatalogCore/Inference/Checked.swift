// Checked 64-bit arithmetic: an overflow is a LayerFault, never a wrapped number.
//
// The two- and three-term forms are what the engine calls per layer; unlike the variadic ones
// they allocate no array (five allocations per layer in Engine.totals alone). Terms are taken
// left to right in every form, so an overflow is found at the same step.

/// The value of a `…ReportingOverflow` operation, or ``LayerFault/overflow``.
@inline(__always)
private func checked(_ result: (partialValue: Int, overflow: Bool)) throws(LayerFault) -> Int {
    if result.overflow { throw .overflow }
    return result.partialValue
}

@inline(__always)
func product(_ a: Int, _ b: Int) throws(LayerFault) -> Int {
    try checked(a.multipliedReportingOverflow(by: b))
}

@inline(__always)
func product(_ a: Int, _ b: Int, _ c: Int) throws(LayerFault) -> Int {
    try product(product(a, b), c)
}

@inline(__always)
func sum(_ a: Int, _ b: Int) throws(LayerFault) -> Int {
    try checked(a.addingReportingOverflow(b))
}

@inline(__always)
func sum(_ a: Int, _ b: Int, _ c: Int) throws(LayerFault) -> Int {
    try sum(sum(a, b), c)
}

@inline(__always)
func difference(_ a: Int, _ b: Int) throws(LayerFault) -> Int {
    try checked(a.subtractingReportingOverflow(b))
}

@inline(__always)
func product(_ factors: Int...) throws(LayerFault) -> Int {
    try product(factors)
}

func product(_ factors: [Int]) throws(LayerFault) -> Int {
    var result = 1
    for factor in factors { result = try product(result, factor) }
    return result
}

func sum(_ terms: Int...) throws(LayerFault) -> Int {
    try sum(terms)
}

func sum(_ terms: [Int]) throws(LayerFault) -> Int {
    var result = 0
    for term in terms { result = try sum(result, term) }
    return result
}

/// The product of the known dimensions; an unknown (`nil`) dimension counts once. Used for
/// MACs, which for an unknown sequence length are given per step.
func knownProduct(_ dimensions: [Int?]) throws(LayerFault) -> Int {
    var result = 1
    for dimension in dimensions { result = try product(result, dimension ?? 1) }
    return result
}
