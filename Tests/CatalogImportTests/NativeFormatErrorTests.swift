import CatalogCore
import CatalogImport
import Foundation
import Testing

/// One malformed native file and what its error must say.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let label: String
    let file: String
    let data: Data
    /// 1-based position and name of the layer the error must name, or nil for a file-level problem.
    let layer: (index: Int, name: String)?
    /// Words the problem must contain (case-insensitive).
    let problem: [String]

    var testDescription: String { label }

    init(_ label: String, file: String = "models/bad_model.json", _ text: String, layer: (Int, String)? = nil, problem: [String]) {
        self.init(label, file: file, data: Data(text.utf8), layer: layer, problem: problem)
    }

    init(_ label: String, file: String = "models/bad_model.json", data: Data, layer: (Int, String)? = nil, problem: [String]) {
        self.label = label
        self.file = file
        self.data = data
        self.layer = layer.map { (index: $0.0, name: $0.1) }
        self.problem = problem
    }
}

/// A valid document around `layers` (JSON text of the layer list).
private func document(_ layers: String, extra: String = "") -> String {
    """
    {"name": "bad", "input": [28, 28, 1]\(extra), "layers": [\(layers)]}
    """
}

/// A one-convolution document whose Conv2D has `keys` (JSON members) besides its type.
private func convolution(_ keys: String) -> String {
    document(#"{"type": "Dense", "units": 4}, {"type": "Conv2D", \#(keys)}"#)
}

@Suite("Native format: malformed files")
struct NativeFormatErrorTests {
    static let cases: [MalformedCase] = [
        MalformedCase("empty file", "", problem: ["empty"]),
        MalformedCase("only whitespace", "  \n\t\n", problem: ["empty"]),
        MalformedCase("not UTF-8", data: Data([0xFF, 0xFE, 0x00, 0x41, 0xC3]), problem: ["UTF-8"]),
        MalformedCase("plain text, not JSON or YAML", "this is not an architecture", problem: ["not an architecture"]),
        MalformedCase("broken YAML", file: "models/bad_model.yaml", "name: [unclosed\n  - x: {", problem: ["YAML"]),
        MalformedCase("truncated JSON", #"{"name": "bad", "input": [28, 28, 1], "layers": [{"type": "Dense", "uni"#, problem: ["JSON"]),
        MalformedCase("JSON list at the top level", #"[{"type": "Dense"}]"#, problem: ["object"]),
        MalformedCase("unknown top-level key", document("", extra: #", "colour": "red""#), problem: ["unknown top-level key", "colour"]),
        MalformedCase("missing name", #"{"input": [28, 28, 1], "layers": []}"#, problem: ["name"]),
        MalformedCase("missing layers", #"{"name": "bad", "input": [28, 28, 1]}"#, problem: ["layers"]),
        MalformedCase("wrong tags type", document("", extra: #", "tags": "cnn""#), problem: ["tags", "list of strings"]),
        MalformedCase("tags with a number", document("", extra: #", "tags": ["cnn", 3]"#), problem: ["tags"]),
        MalformedCase("unknown framework", document("", extra: #", "framework": "caffe""#), problem: ["framework", "caffe"]),
        MalformedCase("missing input shape", #"{"name": "bad", "layers": [{"type": "Dense", "units": 4}]}"#, problem: ["input"]),
        MalformedCase("input shape of strings", #"{"name": "bad", "input": "28x28", "layers": []}"#, problem: ["input"]),
        MalformedCase("input shape with 0", #"{"name": "bad", "input": [28, 0, 1], "layers": []}"#, problem: ["input"]),
        MalformedCase("layer is not an object", document(#"{"type": "Dense", "units": 4}, "Dense""#), layer: (2, "?"), problem: ["object"]),
        MalformedCase("layer without type", document(#"{"name": "d", "units": 4}"#), layer: (1, "d"), problem: ["type"]),
        MalformedCase("unknown type", document(#"{"type": "Dense", "units": 4}, {"type": "Conv2Dx", "filters": 4}"#), layer: (2, "conv2dx_2"), problem: ["unknown layer type", "Conv2Dx"]),
        MalformedCase("unknown layer key besides the right ones", convolution(#""filters": 4, "kernel_size": 3, "stride": 2"#), layer: (2, "conv2d_2"), problem: ["unknown key", "stride"]),
        MalformedCase("kernel_size as text \"3x3\"", convolution(#""filters": 4, "kernel_size": "3x3""#), layer: (2, "conv2d_2"), problem: ["kernel_size", "3x3"]),
        MalformedCase("kernel_size with 3 values for Conv2D", convolution(#""filters": 4, "kernel_size": [3, 3, 3]"#), layer: (2, "conv2d_2"), problem: ["kernel_size"]),
        MalformedCase("filters -1", convolution(#""filters": -1, "kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters", "-1"]),
        MalformedCase("filters 0", convolution(#""filters": 0, "kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters", "0"]),
        MalformedCase("filters 2.5", convolution(#""filters": 2.5, "kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters", "2.5", "integer"]),
        MalformedCase("filters 1e30", convolution(#""filters": 1e30, "kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters", "integer"]),
        MalformedCase("filters as a string", convolution(#""filters": "8", "kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters", "integer"]),
        MalformedCase("missing filters", convolution(#""kernel_size": 3"#), layer: (2, "conv2d_2"), problem: ["filters"]),
        MalformedCase("strides 0", convolution(#""filters": 4, "kernel_size": 3, "strides": 0"#), layer: (2, "conv2d_2"), problem: ["strides", "0"]),
        MalformedCase("padding \"full\"", convolution(#""filters": 4, "kernel_size": 3, "padding": "full""#), layer: (2, "conv2d_2"), problem: ["padding", "full"]),
        MalformedCase("trainable as a string", document(#"{"type": "Dense", "name": "d", "units": 4, "trainable": "yes"}"#), layer: (1, "d"), problem: ["trainable"]),
        MalformedCase("dropout rate 1.5", document(#"{"type": "Dropout", "rate": 1.5}"#), layer: (1, "dropout_1"), problem: ["rate"]),
        MalformedCase("dangling inputs", document(#"{"type": "Dense", "name": "a", "units": 4}, {"type": "Add", "name": "sum", "inputs": ["a", "nosuch"]}"#), layer: (2, "sum"), problem: ["inputs", "nosuch"]),
        MalformedCase("inputs naming a later layer", document(#"{"type": "Dense", "name": "a", "units": 4, "inputs": ["b"]}, {"type": "Dense", "name": "b", "units": 4}"#), layer: (1, "a"), problem: ["inputs", "'b'"]),
        MalformedCase("inputs of numbers", document(#"{"type": "Dense", "name": "a", "units": 4, "inputs": [1]}"#), layer: (1, "a"), problem: ["inputs"]),
        MalformedCase("duplicate layer names", document(#"{"type": "Dense", "name": "fc", "units": 4}, {"type": "Dense", "name": "fc", "units": 2}"#), layer: (2, "fc"), problem: ["duplicate", "fc"]),
        MalformedCase("a layer named like the implicit input", document(#"{"type": "Dense", "name": "input", "units": 4}"#), layer: (1, "input"), problem: ["duplicate", "input"]),
        MalformedCase("PyTorch affine with Keras center", document(#"{"type": "BatchNorm2d", "name": "bn", "affine": false, "center": true}"#), layer: (1, "bn"), problem: ["affine", "center", "not both"]),
        MalformedCase("PReLU num_parameters with shared_axes", document(#"{"type": "PReLU", "name": "act", "num_parameters": 1, "shared_axes": [1, 2]}"#), layer: (1, "act"), problem: ["num_parameters", "shared_axes", "not both"]),
        MalformedCase("MaxPool2d return_indices true", document(#"{"type": "MaxPool2d", "name": "mp", "return_indices": true}"#), layer: (1, "mp"), problem: ["return_indices", "only false"]),
        MalformedCase("BatchNorm2d eps as text", document(#"{"type": "BatchNorm2d", "name": "bn", "eps": "1e-5"}"#), layer: (1, "bn"), problem: ["eps", "number"]),
        MalformedCase("empty layer name", document(#"{"type": "Dense", "name": "", "units": 4}"#), layer: (1, "?"), problem: ["name"]),
    ]

    @Test("The error names the file, the layer and the problem", arguments: cases)
    func errorNamesFileLayerAndProblem(_ testCase: MalformedCase) {
        let error = #expect(throws: ImportError.self) {
            try ArchitectureImporter.read(testCase.data, file: testCase.file)
        }
        guard let error else { return }
        let description = error.description
        #expect(error.file == testCase.file)
        #expect(description.hasPrefix("\(testCase.file): "), "\(description)")
        if let layer = testCase.layer {
            #expect(error.layer?.index == layer.index, "\(description)")
            #expect(error.layer?.name == layer.name, "\(description)")
            #expect(description.contains("layer \(layer.index) '\(layer.name)'"), "\(description)")
        } else {
            #expect(error.layer == nil, "\(description)")
        }
        for word in testCase.problem {
            #expect(description.lowercased().contains(word.lowercased()), "\(description) should mention \(word)")
        }
    }

    @Test("A misspelled required key (kernal_size) is reported by its misspelt name")
    func misspelledRequiredKey() {
        // FORMAT.md: "Unknown keys … are errors naming the file, the layer and the key." The key at
        // fault is the one the user wrote, kernal_size; "missing kernel_size" alone hides the typo.
        let text = convolution(#""filters": 4, "kernal_size": 3"#)
        let error = #expect(throws: ImportError.self) {
            try ArchitectureImporter.read(Data(text.utf8), file: "typo.json")
        }
        guard let error else { return }
        #expect(error.layer?.index == 2)
        #expect(error.layer?.name == "conv2d_2")
        #expect(error.description.contains("kernal_size"), "\(error.description)")
    }

    @Test("A missing file and a directory are reported by path")
    func unreadablePaths() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/model.json"
        let error = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: missing) }
        #expect(error?.description.hasPrefix(missing) == true)
        #expect(error?.description.contains("no such file") == true)

        // An empty folder of its own: the system's temporary folder may hold a weight file, and a
        // folder of weights is read as a checkpoint.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dirError = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: directory) }
        #expect(dirError?.description.contains("directory") == true)
    }

    @Test("Errors from a file on disk name the path as given")
    func fileOnDiskNamesPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(convolution(#""filters": 0, "kernel_size": 3"#).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: url.path) }
        #expect(error?.description.hasPrefix("\(url.path): layer 2 'conv2d_2': ") == true, "\(String(describing: error))")
    }
}
