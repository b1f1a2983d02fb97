// Counts the engine refuses before doing work in proportion to them: a count read from a file
// that the engine (or the memory profile built from its results) loops over must be bounded,
// or a few bytes of JSON cost minutes and gigabytes instead of an error.

/// The largest counts the engine loops over, with why each limit refuses no real model.
public enum EngineLimits {
    /// The most stacked layers of one recurrent module (PyTorch `RNN`/`LSTM`/`GRU`
    /// `num_layers`): 100,000. The engine works out each layer's parameters in turn. Published
    /// stacked RNNs have a handful of layers (GNMT: 8) and the deepest published networks about
    /// a thousand (ResNet-1001); 100,000 refuses nonsense such as 4,611,686,018,427,387,904
    /// layers (which looped for ever) without refusing any real model.
    public static let maximumStackedLayers = 100_000

    /// The most experts of one ``MixtureOfExperts`` layer (`num_experts`): 65,536. The memory
    /// profile lists each expert's projections by name for LoRA (three per gated expert).
    /// The largest published mixtures route among a few hundred experts (DeepSeek-V3: 256,
    /// Kimi K2: 384); 65,536 refuses 2,147,483,648 experts (7 GB of module names) without
    /// refusing any real model.
    public static let maximumExperts = 65_536

    /// `count` unless it exceeds `limit`.
    /// - Parameters:
    ///   - key: the config key that gave `count` (`num_layers`), for the message.
    ///   - what: what is counted, plural (`stacked layers`).
    /// - Throws: ``LayerFault/tooMany(key:count:limit:what:)`` when `count > limit`.
    static func check(_ count: Int, key: String, limit: Int, what: String) throws(LayerFault) {
        guard count <= limit else { throw .tooMany(key: key, count: count, limit: limit, what: what) }
    }
}
