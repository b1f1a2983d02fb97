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
}
