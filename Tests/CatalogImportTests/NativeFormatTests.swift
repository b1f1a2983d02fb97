import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

private func read(_ text: String, file: String = "model.json") throws -> Architecture {
    try ArchitectureImporter.read(Data(text.utf8), file: file).architecture
}

/// The example of docs/FORMAT.md, in JSON.
private let formatExampleJSON = """
    {
      "name": "tiny-cnn",
      "description": "A small CNN used in the docs.",
      "source": "https://example.org/paper",
      "tags": ["cnn", "example"],
      "input": [28, 28, 1],
      "layers": [
        {"type": "Conv2D", "name": "conv1", "filters": 8, "kernel_size": 3, "padding": "same"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Flatten"},
        {"type": "Dense", "units": 10}
      ]
    }
    """

/// The same document in YAML.
private let formatExampleYAML = """
    # The FORMAT.md example
    name: tiny-cnn
    description: A small CNN used in the docs.
    source: https://example.org/paper
    tags: [cnn, example]
    input: [28, 28, 1]
    layers:
      - type: Conv2D
        name: conv1
        filters: 8
        kernel_size: 3
        padding: same
      - {type: MaxPooling2D, pool_size: 2}
      - type: Flatten
      - type: Dense
        units: 10
    """

@Suite("Native format: reading")
struct NativeFormatTests {
    @Test("The FORMAT.md example reads: metadata, implicit input layer, default wiring")
    func formatExample() throws {
        let imported = try ArchitectureImporter.read(Data(formatExampleJSON.utf8), file: "tiny.json")
        #expect(imported.sourceFormat == "native")
        let architecture = imported.architecture
        #expect(architecture.name == "tiny-cnn")
        #expect(architecture.description == "A small CNN used in the docs.")
        #expect(architecture.source == "https://example.org/paper")
        #expect(architecture.tags == ["cnn", "example"])
        #expect(architecture.framework == .keras)  // the default
        #expect(architecture.inputShapes == [TensorShape([28, 28, 1])])
        #expect(architecture.layers.map(\.name) == ["input", "conv1", "maxpooling2d_2", "flatten_3", "dense_4"])
        #expect(architecture.layers.map(\.type) == ["InputLayer", "Conv2D", "MaxPooling2D", "Flatten", "Dense"])
        // Each layer consumes the previous one; the input consumes nothing.
        #expect(architecture.layers[0].calls == [[]])
        for (previous, layer) in zip(architecture.layers, architecture.layers.dropFirst()) {
            #expect(layer.calls == [[TensorReference(layer: previous.name)]], "\(layer.name)")
        }
        if case .convolution(let convolution) = architecture.layers[1].kind {
            #expect(convolution.filters == 8)
            #expect(convolution.kernelSize == [3, 3])  // an integer is the tuple (3, 3)
            #expect(convolution.strides == [1, 1])
            #expect(convolution.padding == .same)
            #expect(convolution.useBias)
        } else {
            Issue.record("conv1 is \(architecture.layers[1].kind)")
        }
    }

    @Test("The YAML equivalent of a JSON file gives the same architecture", arguments: ["model.yaml", "model.yml", "model.txt"])
    func yamlEqualsJSON(file: String) throws {
        let fromJSON = try read(formatExampleJSON, file: "model.json")
        let fromYAML = try read(formatExampleYAML, file: file)
        #expect(fromYAML == fromJSON)
    }

    @Test("A UTF-8 byte-order mark before JSON or YAML is skipped")
    func byteOrderMark() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let plain = try read(formatExampleJSON)
        let json = try ArchitectureImporter.read(bom + Data(formatExampleJSON.utf8), file: "bom.json").architecture
        #expect(json == plain)
        let yaml = try ArchitectureImporter.read(bom + Data(formatExampleYAML.utf8), file: "bom.yaml").architecture
        #expect(yaml == plain)
    }

    @Test("Types match case-insensitively and through PyTorch aliases; the canonical class is kept")
    func typeAliases() throws {
        let architecture = try read("""
            {"name": "aliases", "framework": "pytorch", "data_format": "channels_first", "input": [3, 8, 8],
             "layers": [
               {"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": 1},
               {"type": "BatchNorm2d"},
               {"type": "MaxPool2d", "pool_size": 2},
               {"type": "AdaptiveAvgPool2d", "output_size": 1},
               {"type": "Flatten"},
               {"type": "Linear", "units": 2}
             ]}
            """)
        #expect(architecture.framework == .pytorch)
        #expect(architecture.layers.map(\.type) == ["InputLayer", "Conv2D", "BatchNormalization", "MaxPooling2D", "GlobalAveragePooling2D", "Flatten", "Dense"])
        // Default names use the type as written, lower-cased, and the 1-based position in "layers".
        #expect(architecture.layers.map(\.name) == ["input", "conv2d_1", "batchnorm2d_2", "maxpool2d_3", "adaptiveavgpool2d_4", "flatten_5", "linear_6"])
        // channels_first input [3, 8, 8]: conv padding 1 keeps 8x8 → [4, 8, 8]; pooling 2 → [4, 4, 4];
        // global average keeping 1x1 → [4, 1, 1]; flatten → [4]; linear → [2].
        // Params: conv (3·3·3+1)·4 = 112; BN γ, β 2·4 = 8 (PyTorch: no running stats); linear (4+1)·2 = 10.
        let results = try Engine.infer(architecture)
        #expect(results.map { $0.outputShapes } == [
            [[TensorShape([3, 8, 8])]], [[TensorShape([4, 8, 8])]], [[TensorShape([4, 8, 8])]],
            [[TensorShape([4, 4, 4])]], [[TensorShape([4, 1, 1])]], [[TensorShape([4])]], [[TensorShape([2])]],
        ])
        #expect(results.map(\.trainableParameters) == [0, 112, 8, 0, 0, 0, 10])
        #expect(results.map(\.nonTrainableParameters) == [0, 0, 0, 0, 0, 0, 0])
    }

    @Test("Default names: the lower-cased type plus the 1-based index in the list")
    func defaultNames() throws {
        let architecture = try read("""
            {"name": "n", "input": [10],
             "layers": [{"type": "Dense", "units": 4}, {"type": "DENSE", "units": 4}, {"type": "Dropout", "rate": 0.1},
                        {"type": "Dense", "name": "named", "units": 2}, {"type": "Dense", "units": 1}]}
            """)
        #expect(architecture.layers.map(\.name) == ["input", "dense_1", "dense_2", "dropout_3", "named", "dense_5"])
    }

    @Test("An explicit name that collides with a later default name is a duplicate")
    func explicitNameCollidesWithDefault() throws {
        let error = #expect(throws: ImportError.self) {
            try read("""
                {"name": "n", "input": [10],
                 "layers": [{"type": "Dense", "name": "dense_2", "units": 4}, {"type": "Dense", "units": 4}]}
                """, file: "collide.json")
        }
        #expect(error?.layer?.index == 2)
        #expect(error?.description.contains("dense_2") == true)
    }

    @Test("An Input layer in the list replaces the top-level input")
    func explicitInputLayer() throws {
        let architecture = try read("""
            {"name": "n",
             "layers": [{"type": "Input", "name": "pixels", "shape": [32, 32, 3]},
                        {"type": "Conv2D", "filters": 2, "kernel_size": 1}]}
            """)
        #expect(architecture.inputShapes == [TensorShape([32, 32, 3])])
        #expect(architecture.layers.map(\.name) == ["pixels", "conv2d_2"])
        #expect(architecture.layers[1].calls == [[TensorReference(layer: "pixels")]])
        // (1·1·3 + 1)·2 = 8
        #expect(try Engine.infer(architecture)[1].trainableParameters == 8)
    }

    @Test("A null input dimension is an unknown length")
    func unknownDimension() throws {
        let architecture = try read(#"{"name": "seq", "input": [null, 16], "layers": [{"type": "Dense", "units": 4}]}"#)
        #expect(architecture.inputShapes == [TensorShape([nil, 16])])
        // Dense on the last axis: (16 + 1)·4 = 68; output (None, 4).
        let results = try Engine.infer(architecture)
        #expect(results[1].outputShapes == [[TensorShape([nil, 4])]])
        #expect(results[1].trainableParameters == 68)
    }

    @Test("A residual block: inputs with branches merged by Add")
    func residualBlock() throws {
        let architecture = try read("""
            {"name": "residual", "input": [8, 8, 4],
             "layers": [
               {"type": "Conv2D", "name": "a", "filters": 4, "kernel_size": 3, "padding": "same"},
               {"type": "Conv2D", "name": "b", "filters": 4, "kernel_size": 3, "padding": "same"},
               {"type": "Add", "name": "sum", "inputs": ["input", "b"]},
               {"type": "ReLU", "name": "out"}
             ]}
            """)
        #expect(architecture.layers.map(\.name) == ["input", "a", "b", "sum", "out"])
        #expect(architecture.layers[3].calls == [[TensorReference(layer: "input"), TensorReference(layer: "b")]])
        #expect(architecture.layers[4].calls == [[TensorReference(layer: "sum")]])
        // Each conv: (3·3·4 + 1)·4 = 148 params, 8·8·4·(3·3·4) = 9,216 MACs; Add: no parameters.
        let results = try Engine.infer(architecture)
        #expect(results.map(\.trainableParameters) == [0, 148, 148, 0, 0])
        #expect(results.map(\.macs) == [0, 9_216, 9_216, 0, 0])
        #expect(results[3].outputShapes == [[TensorShape([8, 8, 4])]])
    }

    @Test("Concatenate of two branches along the channel axis")
    func concatenateBranches() throws {
        let architecture = try read("""
            {"name": "inception-ish", "input": [8, 8, 3],
             "layers": [
               {"type": "Conv2D", "name": "left", "filters": 2, "kernel_size": 1},
               {"type": "Conv2D", "name": "right", "filters": 5, "kernel_size": 3, "padding": "same", "inputs": ["input"]},
               {"type": "Concatenate", "name": "cat", "inputs": ["left", "right"], "axis": -1}
             ]}
            """)
        #expect(architecture.layers[2].calls == [[TensorReference(layer: "input")]])
        // 2 + 5 = 7 channels
        #expect(try Engine.infer(architecture)[3].outputShapes == [[TensorShape([8, 8, 7])]])
    }

    @Test("\"name:1\" refers to a layer's second output", arguments: [
        ("a:1", TensorReference(layer: "a", tensor: 1)),
        ("a:0", TensorReference(layer: "a", tensor: 0)),
        ("a", TensorReference(layer: "a")),
    ])
    func tensorReferences(text: String, expected: TensorReference) throws {
        let architecture = try read("""
            {"name": "refs", "input": [4],
             "layers": [{"type": "Dense", "name": "a", "units": 2}, {"type": "Dense", "name": "c", "units": 2, "inputs": ["\(text)"]}]}
            """)
        #expect(architecture.layers[2].calls == [[expected]])
    }

    /// The split at the last colon, found by bytes in ASCII text and by characters otherwise:
    /// U+0600 (a "prepend" character) joins the colon after it into one character, so that colon
    /// splits nothing.
    @Test("\"name:1\" is split at its last colon, in ASCII and in other text", arguments: [
        ("a:b:2", TensorReference(layer: "a:b", tensor: 2)),
        ("a:", TensorReference(layer: "a:")),
        ("a:-1", TensorReference(layer: "a:-1")),
        ("été:1", TensorReference(layer: "été", tensor: 1)),
        ("x\u{600}:1", TensorReference(layer: "x\u{600}:1")),
    ])
    func tensorReferenceSplit(text: String, expected: TensorReference) {
        #expect(NativeReader.tensorReference(text) == expected)
    }

    @Test("A layer name containing a colon can still be referenced")
    func colonInName() throws {
        let architecture = try read("""
            {"name": "refs", "input": [4],
             "layers": [{"type": "Dense", "name": "block:x", "units": 2}, {"type": "Dense", "name": "c", "units": 2, "inputs": ["block:x"]}]}
            """)
        #expect(architecture.layers[2].calls == [[TensorReference(layer: "block:x")]])
    }

    @Test("trainable: false, framework and data_format are read")
    func flagsAndConventions() throws {
        let architecture = try read("""
            {"name": "flags", "framework": "PyTorch", "data_format": "channels_first", "input": [3, 8, 8],
             "layers": [{"type": "Conv2D", "name": "frozen", "filters": 2, "kernel_size": 3, "trainable": false}]}
            """)
        #expect(architecture.framework == .pytorch)
        #expect(architecture.layers[1].isTrainable == false)
        // channels_first: [3, 8, 8] → 8 − 3 + 1 = 6 → [2, 6, 6]; (3·3·3 + 1)·2 = 56, all non-trainable.
        let result = try Engine.infer(architecture)[1]
        #expect(result.outputShapes == [[TensorShape([2, 6, 6])]])
        #expect(result.trainableParameters == 0)
        #expect(result.nonTrainableParameters == 56)
    }

    @Test("Keys that never change counts (activation, initializers) are accepted and ignored")
    func ignorableKeys() throws {
        let architecture = try read("""
            {"name": "ignored", "input": [4],
             "layers": [{"type": "Dense", "units": 3, "activation": "relu", "kernel_initializer": "glorot_uniform", "dtype": "float32"}]}
            """)
        // (4 + 1)·3 = 15
        #expect(try Engine.infer(architecture)[1].trainableParameters == 15)
    }

    @Test("An unknown type that gives its output_shape is kept, uncounted; strict refuses it")
    func unknownTypeWithOutputShape() throws {
        // FORMAT.md, "Layers the engine does not know"; `add --strict` "refuses a file with a layer
        // type the engine does not know".
        let text = """
            {"name": "custom", "input": [8],
             "layers": [{"type": "Dense", "units": 4}, {"type": "MyLayer", "name": "mine", "output_shape": [6]},
                        {"type": "Dense", "units": 2}]}
            """
        let lenient = try ArchitectureImporter.read(Data(text.utf8), file: "custom.json").architecture
        #expect(lenient.layers.map(\.name) == ["input", "dense_1", "mine", "dense_3"])
        let results = try Engine.infer(lenient)
        #expect(results[2].isCounted == false)
        #expect(results[2].outputShapes == [[TensorShape([6])]])
        // dense_3 reads the recorded [6]: (6 + 1)·2 = 14.
        #expect(results[3].trainableParameters == 14)

        let error = #expect(throws: ImportError.self) {
            try ArchitectureImporter.read(Data(text.utf8), file: "custom.json", strict: true)
        }
        #expect(error?.file == "custom.json")
        #expect(error?.layer?.name == "mine")
        #expect(error?.description.contains("MyLayer") == true, "\(String(describing: error))")
    }

    @Test("Every seed file reads as native JSON")
    func seedsRead() throws {
        let seeds = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds")
        let files = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let imported = try ArchitectureImporter.read(contentsOf: seeds.appendingPathComponent(file).path)
            #expect(imported.sourceFormat == "native", "\(file)")
            #expect(!imported.architecture.layers.isEmpty, "\(file)")
        }
    }
}
