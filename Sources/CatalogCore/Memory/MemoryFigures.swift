/// A profile condensed to the integers the store keeps per architecture (migrations/
/// 0009_memory.sql, 0010_declared_dtype.sql), from which `list --fits` computes every inference
/// total in SQL. The SQL reproduces ``Memory/breakdown(_:_:)`` for inference exactly, also when
/// the sliding-window layers have different windows (each window's layers are kept apart in
/// ``kvWindows``); ``isExact`` is false only for a llama.cpp mix priced as its base type.
public struct MemoryFigures: Hashable, Sendable {
    /// Σ stored tensor bytes, or `nil`.
    public var storedWeightBytes: Int?
    /// Bytes per parameter of the declared dtype (4 when none is declared; 1 for a quantized
    /// type such as a GGUF file's `MOSTLY_Q4_0`, whose stored bytes are used instead).
    public var declaredBytesPerParam: Int
    /// Σ values per token of full-attention and MLA layers.
    public var kvValuesPerToken: Int
    /// Σ values per token of sliding-window layers.
    public var kvWindowValuesPerToken: Int
    /// Their window when every sliding-window layer has the same one, else `nil`.
    public var kvWindow: Int?
    /// When the sliding-window layers have different windows (``kvWindowValuesPerToken`` is then
    /// 0 and ``kvWindow`` `nil`): each window with the values per token of its layers, summed,
    /// smallest window first; empty otherwise.
    public var kvWindows: [WindowGroup] = []
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
    /// The model's learned (absolute) positions, ``MemoryProfile/maxContext``, or `nil`.
    public var learnedPositions: Int? = nil
    /// The weight bytes of each llama.cpp k-quant mix priced per tensor
    /// (``Memory/mixWeightBytes(_:)``), empty when the model's tensors cannot be typed.
    public var mixWeightBytes: [String: Int] = [:]
    /// Whether the figures give exactly ``Memory/breakdown(_:_:)``'s inference totals.
    public var isExact: Bool

    /// The sliding-window layers of one window: they cache `min(context, window)` tokens of
    /// `valuesPerToken` values (summed over the layers).
    public struct WindowGroup: Hashable, Sendable {
        /// The window, in tokens.
        public var window: Int
        /// Σ the layers' values per cached token.
        public var valuesPerToken: Int
        /// Creates a group.
        public init(window: Int, valuesPerToken: Int) {
            self.window = window
            self.valuesPerToken = valuesPerToken
        }
    }
}

extension MemoryProfile {
    /// The condensed figures (see ``MemoryFigures``).
    public var figures: MemoryFigures {
        let request = MemoryRequest()
        let weightType = (try? Memory.resolvedWeightType(self, request))
        // A quantized declared type (a GGUF file type) is stored as 1 B: at most one byte per
        // value, and not 4, so the SQL prices activations at 2 B as Memory.breakdown does.
        let declared = weightType.map { $0.layout.blockElements == 1 ? $0.layout.blockBytes : 1 } ?? 4
        let kvType = weightType.flatMap { try? Memory.resolvedKVType(self, request, weightType: $0) }
        var full = 0, window = 0, fixed = 0, gcd = 0
        var windows: [Int: Int] = [:]
        for layer in kvLayers where layer.valuesPerToken > 0 {
            gcd = Self.gcd(gcd, layer.rowValues)
            switch layer {
            case .fullAttention, .latent: full += layer.valuesPerToken
            case .slidingWindow(_, _, let size):
                window += layer.valuesPerToken
                windows[size, default: 0] += layer.valuesPerToken
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
        let groups = windows.count > 1
            ? windows.sorted { $0.key < $1.key }.map { MemoryFigures.WindowGroup(window: $0.key, valuesPerToken: $0.value) }
            : []
        return MemoryFigures(
            storedWeightBytes: storedWeights?.bytes, declaredBytesPerParam: declared, kvValuesPerToken: full,
            kvWindowValuesPerToken: groups.isEmpty ? window : 0, kvWindow: groups.isEmpty ? windows.keys.first : nil,
            kvWindows: groups, kvFixedValues: fixed, kvRowGCD: gcd,
            kvDefaultBytes: kvType.map { $0.layout.blockBytes } ?? 2, activationValuesPerToken: perToken,
            activationValuesPerSample: perSample,
            learnedPositions: maxContext, mixWeightBytes: Memory.mixWeightBytes(self),
            isExact: (weightType?.layout.blockElements ?? 1) == 1)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
