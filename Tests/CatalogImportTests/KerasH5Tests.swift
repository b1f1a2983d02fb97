import CatalogCore
import CatalogTestSupport
import Foundation
import Testing
@testable import CatalogImport

/// Keras `.h5` files (Fixtures/h5, made by scripts/make_h5_fixtures.py with Keras 3.15 and tf_keras
/// 2.21, plus the shared k2_/k3_ fixtures): every layer's counts and output shape against what
/// Keras reported, the weight datasets against h5py's listing, and the refusals. Skipped when
/// libhdf5 is not installed (CI installs it: .ci/run).
@Suite("Keras .h5 files", .enabled(if: HDF5Library.isAvailable, "libhdf5 is not installed"))
struct KerasH5Tests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/h5")

    /// Every `<m>.h5` with an `<m>.expected.json` that lists layers (the weights-only files list none).
    static var models: [String] { KerasExpected.models(in: directory, fileExtension: "h5") }

    static func expected(_ model: String) throws -> KerasExpected {
        try KerasExpected.load(directory.appendingPathComponent("\(model).expected.json"))
    }

    @Test func thereAreFixturesOfBothGenerations() {
        #expect(Self.models.filter { $0.hasPrefix("k2_") }.count >= 4)
        #expect(Self.models.filter { $0.hasPrefix("k3_") }.count >= 6)
    }

    @Test(arguments: models)
    func layerByLayer(_ model: String) throws {
        let path = Self.directory.appendingPathComponent("\(model).h5").path
        let expected = try Self.expected(model)
        let imported = try ArchitectureImporter.read(contentsOf: path)
        #expect(imported.sourceFormat == "keras-h5")
        #expect(imported.sourceVersion == expected.keras_version)
        let backend = try #require(expected.backend, "\(model): the fixture names no backend")
        #expect(imported.architecture.description?.contains("backend \(backend)") == true)
        try expectMatchesKeras(imported, expected, model: model)
        // Keras stores every model weight once: the datasets hold exactly the parameters, so
        // the cross-check finds nothing to warn about.
        #expect(imported.tensors.reduce(0) { $0 + $1.elements } == expected.total_params)
        #expect(!imported.warnings.contains { $0.contains("differing layers") }, "\(imported.warnings)")
        // Only the model's optimizer state is mentioned, never counted.
        let optimizer = expected.optimizer_weights?.count ?? 0
        #expect(imported.warnings.contains { $0.contains("optimizer weights") } == (optimizer > 0))
    }

    @Test(arguments: models.filter { $0.hasSuffix("_compiled") || $0.hasSuffix("_recurrent") || $0.contains("mobilenet") })
    func tensorsAreH5pyDatasets(_ model: String) throws {
        // The names, shapes and dtypes h5py listed for the file's model_weights group.
        let expected = try Self.expected(model)
        let weights = try #require(expected.weights)
        let imported = try ArchitectureImporter.read(contentsOf: Self.directory.appendingPathComponent("\(model).h5").path)
        #expect(imported.tensors.count == weights.count)
        let byName = Dictionary(uniqueKeysWithValues: imported.tensors.map { ($0.name, $0) })
        for weight in weights {
            let tensor = try #require(byName[weight.name], "\(model): \(weight.name) missing")
            #expect(tensor.shape == weight.shape, "\(weight.name)")
            #expect(tensor.dtype == weight.dtype, "\(weight.name)")
            // float32: 4 bytes an element.
            if weight.dtype == "float32" { #expect(tensor.bytes == weight.shape.reduce(1, *) * 4) }
            #expect(tensor.layer == weight.name.split(separator: "/")[1].description)
        }
    }

    @Test func optimizerWeightsAreNamedNotCounted() throws {
        // tf_keras 2 writes Adam's iteration counter and two moments per trainable weight
        // (h5py: 21 datasets, 871 elements = 1 + 2 · 435 trainable parameters).
        let imported = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("k2_nested_compiled.h5").path)
        #expect(imported.warnings.contains { $0.contains("21 optimizer weights (871 elements)") && $0.contains("not model parameters") })
        #expect(!imported.tensors.contains { $0.name.hasPrefix("optimizer") })
    }

    @Test func fileImageReadsLikeThePath() throws {
        // ArchitectureImporter.read(Data) opens the bytes with HDF5's core driver.
        let url = Self.directory.appendingPathComponent("k3_frozen.h5")
        let fromData = try ArchitectureImporter.read(Data(contentsOf: url), file: "k3_frozen.h5")
        let fromPath = try ArchitectureImporter.read(contentsOf: url.path)
        #expect(fromData.architecture.layers == fromPath.architecture.layers)
        #expect(fromData.tensors == fromPath.tensors)
        // conv_frozen 3·3·3·16 + 16 = 448, bn_frozen 4·16 = 64, conv_train 3·3·16·32 = 4608 (no
        // bias), bn_train 4·32 = 128, logits 32·5 + 5 = 165: 5413.
        let elements: Int = fromData.tensors.map(\.elements).reduce(0, +)
        let total: Int = 448 + 64 + 4608 + 128 + 165
        #expect(elements == total)
        // moving_mean and moving_variance of bn_frozen (16 each) and bn_train (32 each).
        let buffers: Int = fromData.tensors.filter(\.isBuffer).map(\.elements).reduce(0, +)
        let statistics: Int = 2 * 16 + 2 * 32
        #expect(buffers == statistics)
    }

    @Test(arguments: ["k3_weights_only.weights.h5", "k2_weights_only.h5"])
    func weightsOnlyFilesAreRefused(_ name: String) throws {
        let path = Self.directory.appendingPathComponent(name).path
        let error = try #require(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: path) }
        #expect(error.description.hasPrefix(path))
        #expect(error.description.contains("holds weights but no architecture"))
        #expect(error.description.contains("model.to_json()"))
        #expect(!error.isMissingLibrary)
    }

    @Test(arguments: [
        ("config_not_json.h5", "not valid JSON"),
        ("config_integer.h5", "'model_config' is not a string"),
        ("config_two_strings.h5", "not a single string"),
        ("config_not_keras.h5", "not a Keras model"),
        ("no_config.h5", "without a 'model_config' attribute"),
        ("hard_link_cycle.h5", "'/model_weights/d/loop' is a hard link to '/model_weights', which holds it: the groups form a cycle"),
        ("groups_too_deep.h5", "nested more than 16 deep"),
        ("config_huge_declared.h5", "attributes of '/' cannot be read"),
        // g0 is walked first (by name, after d): its link0 is g1's first name, g1's link0 g2's,
        // …, so g7 is g0 and seven link0s and g8 is reached by eight; the first second name met is
        // g7's link1, which leads to g8 again.
        ("hard_link_fanout.h5",
         "'/model_weights/g0" + String(repeating: "/link0", count: 7) + "/link1' and '/model_weights/g0"
            + String(repeating: "/link0", count: 8) + "' are hard links to one group"),
        ("dataset_elements_overflow.h5", "has shape [12, 6269010681299730468]: more than 2^63 elements"),
    ])
    func malformedFilesAreRefused(_ name: String, _ reason: String) throws {
        let path = Self.directory.appendingPathComponent("bad/\(name)").path
        let error = try #require(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: path) }
        #expect(error.description.hasPrefix(path))
        #expect(error.description.contains(reason), "\(error)")
    }

    @Test func fixedLengthConfigInDenseStorage() throws {
        // A 70,000-byte fixed-length model_config (JSON padded with spaces) in dense attribute
        // storage: Dense(2) on 4 inputs = 4·2 + 2 = 10 parameters.
        let imported = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("bad/config_fixed_length_dense.h5").path)
        let results = try Engine.infer(imported.architecture)
        #expect(try Engine.totals(of: imported.architecture, results: results).parameters == 10)
        #expect(imported.warnings.isEmpty)
    }

    @Test func aFileWithoutWeightsHasNoTensorsAndNoWarning() throws {
        let imported = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("bad/config_only.h5").path)
        #expect(imported.tensors.isEmpty)
        #expect(imported.warnings.isEmpty)
        #expect(imported.sourceVersion == nil)
    }

    @Test func externalLinksAreNotFollowed() throws {
        // model_weights/d/outside links to /etc/passwd: skipped; Dense(2) on 4 inputs = 4·2 + 2.
        let imported = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("bad/external_link.h5").path)
        #expect(imported.tensors.map(\.name).sorted() == ["model_weights/d/d/bias", "model_weights/d/d/kernel"])
        #expect(imported.tensors.reduce(0) { $0 + $1.elements } == 10)
        #expect(imported.warnings.isEmpty)
    }

    @Test func weightsThatDifferFromTheConfigAreAWarning() throws {
        // The config's Dense(2) on 4 inputs has 4·2 + 2 = 10 parameters; the file stores a (4, 3)
        // kernel and a (3,) bias: 15 elements.
        let imported = try ArchitectureImporter.read(
            contentsOf: Self.directory.appendingPathComponent("bad/weights_mismatch.h5").path)
        #expect(imported.warnings == ["the file's weights hold 15 elements but the layers have 10 parameters (difference 5); differing layers: d (stored 15, computed 10)"])
    }

    @Test(arguments: [0, 8, 100, 1000, 4000, 20000])
    func truncatedFilesAreRefused(_ length: Int) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("k3_func_shared.h5")).prefix(length)
        let error = try #require(throws: ImportError.self) { try ArchitectureImporter.read(Data(data), file: "cut.h5") }
        #expect(error.description.hasPrefix("cut.h5: "))
    }

    /// HDF5 1.10.8 (Debian 12) crashes on this damaged file (Fixtures/h5/crash-libhdf5-1.10);
    /// HDF5 1.14.6 refuses it. Read in this (the test) process only where the loaded library is
    /// 1.12 or later; `catalog add` reads it in a child process, which H5CommandTests checks on
    /// every version.
    @Test(.enabled(if: (HDF5Library.loadedVersion.map { $0.major > 1 || $0.minor >= 12 }) ?? false))
    func damagedVariableLengthStringIsRefused() throws {
        let path = Self.directory.appendingPathComponent("crash-libhdf5-1.10/vlen_heap_reference.h5").path
        let error = try #require(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: path) }
        #expect(error.description.hasPrefix(path))
    }

    @Test func aNonHDF5FileNamedH5IsRefusedWithoutTheLibrary() throws {
        let error = try #require(throws: ImportError.self) {
            try ArchitectureImporter.read(Data("{\"class_name\": 1}".utf8), file: "model.h5")
        }
        #expect(error.description.contains("not an HDF5 file"))
        #expect(!error.isMissingLibrary)
    }
}
