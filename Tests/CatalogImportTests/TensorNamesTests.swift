import Testing

@testable import CatalogImport

/// PyTorch's BatchNorm buffers (`torch/nn/modules/batchnorm.py`: `running_mean`, `running_var`,
/// `num_batches_tracked`) are told by the last dotted component of a tensor's name.
@Suite struct TensorNamesTests {
    @Test(arguments: [
        ("bn1.running_mean", true), ("layer1.0.bn2.running_var", true), ("bn.num_batches_tracked", true),
        ("running_mean", true), ("bn.running_mean.", true), ("bn1.weight", false), ("running_mean.weight", false),
        ("bn.xrunning_mean", false), ("bn.running_means", false), ("", false), ("...", false),
    ])
    func buffer(name: String, expected: Bool) {
        #expect(TensorNames.isBuffer(name) == expected)
    }

    /// The module is the name before its last dot, by hand; `nil` for a name without one or
    /// with its only dot first. A dot that carries a combining accent (one Character, not ".")
    /// does not separate; other non-ASCII names are cut at their last dot too.
    @Test(arguments: [
        ("features.0.weight", "features.0"), ("model.layers.31.mlp.down_proj.weight", "model.layers.31.mlp.down_proj"),
        ("weight", nil), (".weight", nil), ("a..b", "a."), ("bn.running_mean.", "bn.running_mean"),
        ("é.weight", "é"), ("caf\u{E9}.bn.weight", "caf\u{E9}.bn"), ("a.b.\u{301}c", "a"), ("a.\u{301}", nil),
    ] as [(String, String?)])
    func module(name: String, expected: String?) {
        #expect(TensorNames.module(of: name) == expected)
    }
}
