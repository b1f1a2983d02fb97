import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

@Suite("PyTorch checkpoints read without executing")
struct PyTorchReaderTests {
    /// Totals from the fixture's expected.json, made by torch (`torch.load` then numel per storage).
    @Test(arguments: ["tied_weights.pt", "tinynet_legacy.pt"])
    func uniqueStoragesAsTorchCountsThem(name: String) throws {
        let expected = try WeightFixtures.json("shared/\(name).expected.json")
        let totals = try #require(expected["totals"] as? [String: Any])
        let file = try PyTorchReader.read(contentsOf: WeightFixtures.path("shared/" + name))
        #expect(file.tensors.count == totals["n_tensor_entries"] as? Int)
        let unique = try #require(totals["unique_storages"] as? [String: Int])
        #expect(file.totalElements == unique["elements"])
        #expect(file.totalBytes == unique["bytes"])
        let byDType = try #require(totals["unique_storages_by_dtype"] as? [String: [String: Int]])
        #expect(WeightFixtures.elementsByDType(file) == byDType.mapValues { $0["elements"]! })
        #expect(file.warnings.contains { $0.contains("share a storage") })
    }

    @Test func tiedWeightsNameTheFirstTensor() throws {
        let file = try PyTorchReader.read(contentsOf: WeightFixtures.path("shared/tied_weights.pt"))
        let head = try #require(file.tensors.first { $0.name == "lm_head.weight" })
        #expect(head.uncountedReason?.contains("'embed.weight'") == true)
        #expect(head.shape == [100, 32] && head.elements == 3_200)
    }

    @Test func trainingCheckpointCountsTheModelAndSummarisesTheOptimizer() throws {
        let expected = try WeightFixtures.json("shared/checkpoint_adam.pt.expected.json")
        let file = try PyTorchReader.read(contentsOf: WeightFixtures.path("shared/checkpoint_adam.pt"))
        let totals = try #require(expected["totals"] as? [String: Any])
        #expect(file.tensors.count == totals["n_tensor_entries"] as? Int)  // 27: model and Adam state listed
        let unique = try #require(totals["unique_storages"] as? [String: Int])
        #expect(file.totalElements == unique["elements"])  // 2291: every stored element
        let optimizer = file.tensors.filter { $0.name.hasPrefix("optimizer.") }
        #expect(optimizer.allSatisfy { $0.isBuffer })
        // torch's parameters(): 740; the rest is 65 BatchNorm buffer elements and Adam's state.
        let trainable = file.tensors.filter { !$0.isBuffer }.reduce(0) { $0 + $1.elements }
        #expect(trainable == expected["reference_parameters_only"] as? Int)
        #expect(file.warnings.contains { $0.contains("optimizer") && $0.contains("1486 elements") })  // 2291 − 740 − 65
        #expect(file.metadata.contains { $0.key == "epoch" && $0.value == "3" })
        let buffer = try #require(file.tensors.first { $0.name == "model.1.running_mean" })
        #expect(buffer.isBuffer && buffer.layer == "model.1")
    }

    @Test func refusesOsSystemAndRunsNothing() throws {
        let marker = "/tmp/WTRUTH_PICKLE_WAS_EXECUTED"
        try? FileManager.default.removeItem(atPath: marker)
        let error = #expect(throws: ImportError.self) {
            try PyTorchReader.read(contentsOf: WeightFixtures.path("shared/malicious_os_system.pt"))
        }
        #expect(error?.description.contains("unsafe global os.system") == true)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// A hand-written protocol-2 pickle for each code-running global: refused by name.
    @Test(arguments: ["posix\nsystem", "subprocess\nPopen", "builtins\neval", "builtins\nexec", "__builtin__\n__import__", "builtins\ngetattr", "os\npopen"])
    func refusesCodeExecutionGlobals(global: String) {
        var bytes: [UInt8] = [0x80, 0x02, UInt8(ascii: "c")] + Array((global + "\n").utf8)
        bytes += [UInt8(ascii: "X"), 4, 0, 0, 0] + Array("true".utf8) + [0x85, UInt8(ascii: "R"), UInt8(ascii: ".")]
        var machine = PickleMachine(Data(bytes)) { (_: PickleValue) throws(PickleMachine.Failure) -> PickleValue in .none }
        let error = #expect(throws: PickleMachine.Failure.self) { try machine.load() }
        #expect(error?.reason.contains("unsafe global " + global.replacingOccurrences(of: "\n", with: ".")) == true)
    }

    /// Made by scripts/make_weight_fixtures.py; totals from torch's state_dict().
    @Test(arguments: ["cnn_protocol5.pt", "cnn_whole_module.pt", "cnn_bf16.pt", "cnn_torchscript.pt", "cnn_parameters.pt", "partial_views.pt"])
    func torchSaveVariants(name: String) throws {
        let expected = try #require(WeightFixtures.expected[name] as? [String: Any])
        let file = try PyTorchReader.read(contentsOf: WeightFixtures.path(name))
        #expect(file.tensors.count == expected["tensors"] as? Int)
        #expect(file.totalElements == expected["total_params"] as? Int)
        if let byDType = expected["params_by_dtype"] as? [String: Int] {
            #expect(WeightFixtures.elementsByDType(file) == byDType)
        }
        if name == "cnn_whole_module.pt" || name == "cnn_protocol5.pt" {
            // Names as in state_dict(): the module's _parameters/_modules levels left out.
            #expect(Set(file.tensors.map(\.name)).isSuperset(of: ["0.weight", "1.running_var", "4.bias"]))
        }
    }

    @Test func refusesATruncatedArchive() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: WeightFixtures.path("shared/tied_weights.pt")))
        let error = #expect(throws: ImportError.self) { try PyTorchReader.read(data.prefix(data.count / 2), file: "half.pt") }
        #expect(error?.description.hasPrefix("half.pt: PyTorch: ") == true)
    }
}
