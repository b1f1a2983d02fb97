import CatalogCore
import CatalogImport
import Foundation

/// The weight-file readers a fuzz target can drive, each reading bytes as a named file.
public enum WeightReader: Sendable {
    case safetensors, gguf, pytorch

    func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        switch self {
        case .safetensors: try SafeTensorsReader.read(data, file: file)
        case .gguf: try GGUFReader.read(data, file: file)
        case .pytorch: try PyTorchReader.read(data, file: file)
        }
    }
}

/// One fuzz iteration of a weight-file reader: a rejection must name the file; an accepted
/// file must have non-negative counts, elements equal to each shape's product, and modules
/// whose parameters add up to the file's total.
public func fuzzWeights(_ pointer: UnsafePointer<UInt8>, _ count: Int, file: String, reader: WeightReader) {
    let data = Data(bytes: pointer, count: count)
    let weights: WeightFile
    do {
        weights = try reader.read(data, file: file)
    } catch {
        precondition(error.description.hasPrefix(file), "error does not name the file: \(error)")
        return
    }
    for tensor in weights.tensors {
        precondition(tensor.elements >= 0 && (tensor.bytes ?? 0) >= 0, "negative count in \(tensor.name)")
        precondition(tensor.shape.allSatisfy { $0 >= 0 }, "negative dimension in \(tensor.name)")
        precondition(tensor.shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) == tensor.elements,
                     "elements of \(tensor.name) are not its shape's product")
    }
    let modules = StoredModule.modules(of: weights.tensors)
    let total = modules.reduce(0) { $0 &+ $1.trainableParameters &+ $1.nonTrainableParameters }
    precondition(total == weights.totalElements, "modules add up to \(total), the file to \(weights.totalElements)")
}
