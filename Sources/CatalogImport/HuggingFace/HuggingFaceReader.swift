import CatalogCore
import Foundation

/// Reads a Hugging Face `config.json` (or a checkpoint folder holding one) into a transformer
/// architecture through ``TransformerBuilder``.
enum HuggingFaceReader {
    /// Whether `document` looks like a transformers config: an object with `model_type` and
    /// neither Keras' `class_name` nor the native format's `layers`.
    static func recognizes(_ document: ConfigValue) -> Bool {
        guard let object = document.objectValue else { return false }
        return object["model_type"] != nil && object["layers"] == nil && object["class_name"] == nil
    }

    /// The architecture of `document`, named after the checkpoint: the folder of a file named
    /// `config.json`, else the file name without `.json` and a `.config` suffix.
    /// - Parameters:
    ///   - inputShape: `[tokens]` sets the tokens whose MACs are counted.
    /// - Throws: ``ImportError`` naming the file and the key, or the unsupported model type.
    static func read(
        _ document: ConfigValue, file: String, inputShape: [Int?]?, baseModel: Bool
    ) throws(ImportError) -> ImportedArchitecture {
        guard let object = document.objectValue else {
            throw ImportError(file: file, problem: "a config.json must be a JSON object")
        }
        var tokens: Int?
        if let shape = inputShape {
            guard shape.count == 1, let n = shape[0] else {
                throw ImportError(file: file, problem: "--input-shape of a transformer config is the number of tokens, e.g. 4096")
            }
            tokens = n
        }
        let config = TransformerConfig(object)
        do {
            var architecture = try TransformerBuilder.architecture(
                from: config, name: checkpointName(file), options: TransformerBuildOptions(tokens: tokens, baseModel: baseModel))
            let (declared, warnings) = declaredDType(object, file: file)
            architecture.declaredDType = declared
            architecture.ropeContext = RoPEContextReader.context(object, architecture: architecture)
            return ImportedArchitecture(
                architecture: architecture, sourceFormat: "huggingface",
                sourceVersion: object["transformers_version"]?.stringValue, warnings: warnings)
        } catch {
            throw ImportError(file: file, problem: error.problem)
        }
    }

    /// The weights' declared dtype: `dtype` (transformers ≥ 4.56 writes it) or `torch_dtype`
    /// (earlier versions), as the file names it (`bfloat16`, `float16`, `float32`; a
    /// `torch.` prefix dropped), when ``StorageType/declared(_:)`` knows it. Another value is
    /// left out with a warning (memory then defaults to float32); `auto` or a non-string is
    /// not a declaration.
    static func declaredDType(_ object: [String: ConfigValue], file: String) -> (String?, [String]) {
        for key in ["dtype", "torch_dtype"] {
            guard var name = object[key]?.stringValue, name != "auto" else { continue }
            if name.hasPrefix("torch.") { name.removeFirst(6) }
            guard StorageType.declared(name) != nil, !StorageType.isGGUFFileType(name) else {
                // The warning is printed after the path given to `add` (the folder or this file).
                let inFolder = file.hasSuffix("/config.json") || file == "config.json" ? "config.json's " : ""
                return (nil, ["\(inFolder)'\(key)' \"\(name)\" is not a weight type catalog prices; memory figures assume float32 unless --dtype is given"])
            }
            return (name, [])
        }
        return (nil, [])
    }

    /// `…/Meta-Llama-3-8B/config.json` → `Meta-Llama-3-8B`; `gpt2.config.json` → `gpt2`.
    static func checkpointName(_ file: String) -> String {
        let url = URL(fileURLWithPath: file)
        var stem = url.lastPathComponent
        if stem == "config.json" {
            let folder = url.deletingLastPathComponent().lastPathComponent
            return folder.isEmpty || folder == "." || folder == "/" ? "config" : folder
        }
        if stem.hasSuffix(".json") { stem.removeLast(5) }
        if stem.hasSuffix(".config") { stem.removeLast(7) }
        return stem
    }
}
