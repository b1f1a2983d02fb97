/// A profile condensed to the integers the store keeps per architecture (migrations/
/// 0009_memory.sql), from which `list --fits` computes every inference total in SQL. The SQL
/// reproduces ``Memory/breakdown(_:_:)`` for inference exactly when an architecture's
/// sliding-window layers share one window; with several windows the largest is kept (an upper
/// bound, ``isExact`` false).
public struct MemoryFigures: Hashable, Sendable {
    /// Σ stored tensor bytes, or `nil`.
    public var storedWeightBytes: Int?
    /// Bytes per parameter of the declared dtype (4 when none is declared).
    public var declaredBytesPerParam: Int
    /// Σ values per token of full-attention and MLA layers.
    public var kvValuesPerToken: Int
    /// Σ values per token of sliding-window layers.
    public var kvWindowValuesPerToken: Int
    /// The window (the largest when they differ), or `nil`.
    public var kvWindow: Int?
    /// Σ cross-attention values per sequence (values per token · encoder length).
    public var kvFixedValues: Int
    /// The GCD of the KV rows (0 without a KV cache): a quantized KV type whose block divides it
    /// divides every row.
    public var kvRowGCD: Int
    /// Bytes per KV value of the default KV type.
    public var kvDefaultBytes: Int
    /// Activation values per token, or `nil`.
    public var activationValuesPerToken: Int?
    /// Activation values per sample, or `nil`.
    public var activationValuesPerSample: Int?
    /// Whether the figures give exactly ``Memory/breakdown(_:_:)``'s inference totals.
    public var isExact: Bool
}

extension MemoryProfile {
    /// The condensed figures (see ``MemoryFigures``).
    public var figures: MemoryFigures {
        let request = MemoryRequest()
        let weightType = (try? Memory.resolvedWeightType(self, request))
        let declared = weightType.map { $0.layout.blockElements == 1 ? $0.layout.blockBytes : 4 } ?? 4
        let kvType = weightType.flatMap { try? Memory.resolvedKVType(self, request, weightType: $0) }
        var full = 0, window = 0, fixed = 0, gcd = 0
        var windows: Set<Int> = []
        for layer in kvLayers where layer.valuesPerToken > 0 {
            gcd = Self.gcd(gcd, layer.rowValues)
            switch layer {
            case .fullAttention, .latent: full += layer.valuesPerToken
            case .slidingWindow(_, _, let size):
                window += layer.valuesPerToken
                windows.insert(size)
            case .crossAttention(_, _, let length): fixed += layer.valuesPerToken * length
            case .none: break
            }
        }
        var perToken: Int?, perSample: Int?
        switch activations {
        case .perToken(let values): perToken = values
        case .perSample(let values): perSample = values
        case .unknown: break
        }
        return MemoryFigures(
            storedWeightBytes: storedWeights?.bytes, declaredBytesPerParam: declared, kvValuesPerToken: full,
            kvWindowValuesPerToken: window, kvWindow: windows.max(), kvFixedValues: fixed, kvRowGCD: gcd,
            kvDefaultBytes: kvType.map { $0.layout.blockBytes } ?? 2, activationValuesPerToken: perToken,
            activationValuesPerSample: perSample,
            isExact: windows.count <= 1 && (weightType?.layout.blockElements ?? 1) == 1)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
