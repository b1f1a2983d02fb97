import CatalogCore
import Foundation
import SwiftProtobuf

/// Reads an ONNX model (`ModelProto`, onnx.proto) into an architecture: every node a layer, its
/// inputs wired by value name, its shapes, parameters and MACs from ``ONNXAnalysis``; the
/// initializers as ``Tensor``s. No runtime, and the weight data is never read: the file is mapped
/// and ``ONNXWire`` skips it; external data files are never opened.
public enum ONNXReader {
    /// The lowest default-domain opset read (the ONNX 1.2 operator set).
    public static let minimumOpset = 7
    /// The highest opset whose operators the analysis follows; later ones are read with a warning.
    public static let maximumOpset = 21

    /// Whether the content is an ONNX model: a `.onnx` name, or a first byte that is
    /// `ModelProto.ir_version`'s tag (field 1, varint: 0x08), which no text file starts with.
    public static func recognizes(file: String, firstByte: UInt8?) -> Bool {
        file.lowercased().hasSuffix(".onnx") || firstByte == 0x08
    }

    /// Reads `data` (a mapped file is fine: only the graph's bytes are touched).
    /// - Parameters:
    ///   - inputShape: dims for the first input, batch excluded (`nil` keeps a dim as the file has it).
    ///   - inputShapes: dims per input name, batch excluded.
    /// - Throws: ``ImportError`` naming the file: not protobuf, truncated, an opset below 7, a
    ///   dangling value, a cycle, an absurd dim, a broken node.
    public static func read(
        _ data: Data, file: String, inputShape: [Int?]? = nil, inputShapes: [String: [Int?]] = [:]
    ) throws(ImportError) -> ImportedArchitecture {
        let wire = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<[UInt8], ONNXWire.Malformed> in
            do throws(ONNXWire.Malformed) { return .success(try ONNXWire.stripped(bytes)) } catch { return .failure(error) }
        }
        let stripped: [UInt8]
        switch wire {
        case .success(let bytes): stripped = bytes
        case .failure(let error): throw ImportError(file: file, problem: "not a readable ONNX model: \(error.problem)")
        }
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: stripped)
        } catch {
            throw ImportError(file: file, problem: "not a readable ONNX model: protobuf decoding failed (\(error))")
        }
        guard model.hasGraph else { throw ImportError(file: file, problem: "not an ONNX model: no graph") }
        let opset = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }.map { Int($0.version) }
        var warnings: [String] = []
        if let opset {
            guard opset >= minimumOpset else {
                throw ImportError(file: file, problem: "opset \(opset) is older than opset \(minimumOpset), the oldest the catalog reads; convert it with onnx.version_converter")
            }
            if opset > maximumOpset {
                warnings.append("opset \(opset) is newer than \(maximumOpset); operators changed since then are read by their opset-\(maximumOpset) rules")
            }
        } else if model.irVersion < 3 {
            throw ImportError(file: file, problem: "IR version \(model.irVersion) without an opset import: older than opset \(minimumOpset), the oldest the catalog reads")
        }
        let graph: ONNXGraph
        let functions: [String: ONNXFunction]
        do {
            graph = try ONNXProtoConversion.graph(model.graph)
            functions = try ONNXProtoConversion.functions(model.functions)
        } catch {
            throw ImportError(file: file, problem: error.problem)
        }
        // --input-shape: batch excluded; the file's batch dim stays.
        var given: [String: [ONNXDim]] = [:]
        var requested = inputShapes
        if let inputShape, let first = graph.inputs.first { requested[first.name] = inputShape }
        for (name, dims) in requested {
            guard let input = graph.inputs.first(where: { $0.name == name }) else {
                throw ImportError(file: file, problem: "--input-shape names '\(name)', which is not an input of the graph (inputs: \(graph.inputs.map(\.name).joined(separator: ", ")))")
            }
            let old = input.shape ?? []
            guard old.count == dims.count + 1 else {
                throw ImportError(file: file, problem: "--input-shape gives \(dims.count) dims for '\(name)', whose shape \(old.map(\.description)) has \(max(old.count - 1, 0)) besides the batch")
            }
            given[name] = [old[0]] + zip(old.dropFirst(), dims).map { o, d in d.map(ONNXDim.value) ?? o }
        }
        let analysis: ONNXAnalysis
        do {
            analysis = try ONNXAnalysis.analyze(graph, inputDims: given, functions: functions)
        } catch {
            throw ImportError(file: file, problem: error.description)
        }
        warnings += analysis.warnings  // `add` names the file before each warning
        let built = ONNXArchitectureBuilder(graph: graph, analysis: analysis, file: file)
        var architecture = built.architecture()
        architecture.name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let notes = built.notes(producer: model.producerName, version: model.producerVersion, opset: opset)
        architecture.description = notes.joined(separator: " ")
        if let external = built.externalDataWarning() { architecture.description = (architecture.description ?? "") + " " + external + "." }
        return ImportedArchitecture(
            architecture: architecture, sourceFormat: "onnx",
            sourceVersion: model.producerName.isEmpty ? nil : "\(model.producerName) \(model.producerVersion)",
            warnings: warnings, tensors: built.tensors())
    }
}
