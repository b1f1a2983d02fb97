import CatalogCore
import Foundation

/// A weight file or checkpoint folder as an ``ImportedArchitecture``: its tensors, and no graph
/// (a weights-only architecture, whose layers the service makes from the tensor names).
enum WeightsImport {
    /// Reads `path` (see ``WeightFolderReader``).
    /// - Throws: ``ImportError`` as the format's reader does.
    static func imported(contentsOf path: String) throws(ImportError) -> ImportedArchitecture {
        let file = try WeightFolderReader.read(contentsOf: path)
        var warnings = file.warnings
        if file.hasConfig {
            // The hook for the Hugging Face config.json builder: until it is wired in, the
            // folder's weights are listed without its architecture.
            warnings.append("config.json is not read yet: the folder's stored tensors are listed as a weights-only architecture")
        }
        if file.tensors.isEmpty {
            throw ImportError(file: path, problem: "\(file.format): the file holds no tensors")
        }
        let architecture = Architecture(
            name: name(of: path), framework: .pytorch,
            layers: [])
        var imported = ImportedArchitecture(
            architecture: architecture, sourceFormat: file.format, sourceVersion: nil, warnings: warnings)
        imported.tensors = file.tensors
        imported.weightMetadata = Dictionary(file.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return imported
    }

    /// The catalog name: the folder's name for a folder or an index, else the file name without
    /// its extension (`model-00001-of-00004.safetensors` → `model-00001-of-00004`).
    static func name(of path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if path.hasSuffix(".index.json") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            if !isDirectory.boolValue { url.deleteLastPathComponent() }
            return url.lastPathComponent
        }
        return url.deletingPathExtension().lastPathComponent
    }
}
