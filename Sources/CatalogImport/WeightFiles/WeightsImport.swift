import CatalogCore
import Foundation

/// A weight file or checkpoint folder as an ``ImportedArchitecture``: its tensors, with the
/// architecture when the file or folder says what it is (a folder's `config.json`, a GGUF
/// file's metadata, both built by the Hugging Face reader), else no graph (a weights-only
/// architecture, whose layers the service makes from the tensor names).
enum WeightsImport {
    /// Reads `path` (see ``WeightFolderReader``).
    /// A GGUF file is read as weights only, with a warning, when it is one shard of a split
    /// model (``GGUFArchitecture/shard(_:)``) or its metadata lacks a count the builder needs or
    /// gives one that is not an integer (``GGUFArchitecture/countProblem(_:)``).
    /// - Throws: ``ImportError`` as the format's reader does, for a `config.json` that
    ///   cannot be built, or for a GGUF file whose block count contradicts its tensors
    ///   (``GGUFArchitecture/blockCountProblem(_:tensorNames:)``).
    static func imported(contentsOf path: String, inputShape: [Int?]? = nil, baseModel: Bool = false) throws(ImportError) -> ImportedArchitecture {
        try imported(WeightFolderReader.read(contentsOf: path), path: path, inputShape: inputShape, baseModel: baseModel)
    }

    /// The same for `data`, the whole content of the weight file `path` (a pipe, read once).
    static func imported(_ data: Data, file path: String, inputShape: [Int?]? = nil, baseModel: Bool = false) throws(ImportError) -> ImportedArchitecture {
        try imported(WeightFolderReader.read(data, file: path), path: path, inputShape: inputShape, baseModel: baseModel)
    }

    private static func imported(_ file: WeightFile, path: String, inputShape: [Int?]?, baseModel: Bool) throws(ImportError) -> ImportedArchitecture {
        if file.tensors.isEmpty {
            throw ImportError(file: path, problem: (file.format.isEmpty ? "" : "\(file.format): ") + "the file holds no tensors")
        }
        var imported: ImportedArchitecture
        let folder = folderPath(of: path)
        let tensorNames = file.tensors.map { $0.name }
        if file.hasConfig, let folder {
            // The architecture from config.json; the weights attached to it.
            imported = try ArchitectureImporter.read(
                contentsOf: (folder as NSString).appendingPathComponent("config.json"), inputShape: inputShape, baseModel: baseModel)
        } else if file.format == "gguf", let shard = GGUFArchitecture.shard(file.gguf) {
            // A shard alone cannot say whether the model is tied (its output.weight may be in
            // another shard) or what the other shards hold: its tensors only.
            imported = weightsOnly(file, path: path)
            let which = shard.number.map { "shard \($0) of \(shard.count)" } ?? "one of \(shard.count) shards"
            imported.warnings.append("GGUF: this file is \(which) of a split model ('split.count' \(shard.count)); one shard does not say the whole model, so its tensors are listed as a weights-only architecture (merge the shards with llama.cpp's gguf-split --merge to build it)")
        } else if file.format == "gguf", let problem = GGUFArchitecture.countProblem(file.gguf) {
            imported = weightsOnly(file, path: path)
            imported.warnings.append("GGUF: \(problem); no architecture is built, its tensors are listed as a weights-only architecture")
        } else if file.format == "gguf", let config = GGUFArchitecture.huggingFaceConfig(file.gguf, tensorNames: tensorNames) {
            if let problem = GGUFArchitecture.blockCountProblem(file.gguf, tensorNames: tensorNames) {
                throw ImportError(file: path, problem: "GGUF: " + problem)
            }
            do {
                imported = try HuggingFaceReader.read(.object(config), file: path, inputShape: inputShape, baseModel: baseModel)
                imported.architecture.name = name(of: path)
                imported.architecture.declaredDType = GGUFArchitecture.declaredDType(file.gguf)
                if imported.architecture.ropeContext != nil, case .string(let arch)? = file.gguf["general.architecture"] {
                    imported.architecture.ropeContext?.ropeScaling = RoPEContextReader.ggufScaling(
                        file.gguf, architecture: arch, tensorNames: tensorNames)
                }
                imported.sourceFormat = "gguf"
            } catch {
                imported = weightsOnly(file, path: path)
                imported.warnings.append("the GGUF architecture is not built (\(error.problem)); its tensors are listed as a weights-only architecture")
            }
        } else {
            imported = weightsOnly(file, path: path)
        }
        imported.warnings += file.warnings
        imported.tensors = file.tensors
        if !imported.architecture.layers.isEmpty {
            // A built architecture: each tensor linked to the layer that owns it (docs/TENSORS.md).
            let owners = TensorOwnership.owners(of: tensorNames, layerNames: imported.architecture.layers.map { $0.name })
            for index in imported.tensors.indices { imported.tensors[index].layer = owners[index] }
        } else {
            // Weights only: a top-level tensor (`cls_token`, `pos_embed`) is a module of its own
            // name (StoredModule), and linked to it as every other tensor to its module.
            for index in imported.tensors.indices where imported.tensors[index].layer == nil {
                imported.tensors[index].layer = imported.tensors[index].name
            }
        }
        imported.weightMetadata = Dictionary(file.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return imported
    }

    private static func weightsOnly(_ file: WeightFile, path: String) -> ImportedArchitecture {
        ImportedArchitecture(
            architecture: Architecture(name: name(of: path), framework: .pytorch, layers: []),
            sourceFormat: file.format, sourceVersion: nil, warnings: [])
    }

    /// The folder of a folder or index path, else `nil`.
    private static func folderPath(of path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return path }
        return path.hasSuffix(".index.json") ? (path as NSString).deletingLastPathComponent : nil
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
