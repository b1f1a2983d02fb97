import CatalogCore
import Foundation

/// The file formats `catalog add` reads.
public enum SourceFormat: String, Sendable, CaseIterable {
    /// Detect from the content.
    case auto
    /// The native JSON/YAML format (docs/FORMAT.md).
    case native
    /// Keras `model.to_json()` (Keras 1, 2, 3), or a `.keras` archive's config.json.
    case keras
    /// A TensorFlow.js layers `model.json`.
    case tfjs
    /// A Hugging Face `config.json` (Sources/CatalogImport/HuggingFace/).
    case huggingface
}

/// An architecture read from a file, with where it came from.
public struct ImportedArchitecture: Sendable {
    /// The architecture, ready for the engine.
    public var architecture: Architecture
    /// The detected format: `native`, …
    public var sourceFormat: String
    /// The writer's version when the file records it (Keras' `keras_version`).
    public var sourceVersion: String?
    /// Non-fatal remarks about the file.
    public var warnings: [String]
    /// The weight tensors the file stores (empty for a file without weights, such as a Keras JSON).
    public var tensors: [Tensor] = []
}

/// Reads architecture files of every supported format into ``Architecture`` values.
public enum ArchitectureImporter {
    /// Reads `data` (the content of `file`) in `format`.
    /// - Parameters:
    ///   - file: the name used in error messages (the path as the user typed it).
    /// - Throws: ``ImportError`` naming the file (and layer) for malformed or unsupported content.
    public static func read(
        _ data: Data, file: String, format: SourceFormat = .auto, inputShape: [Int?]? = nil, strict: Bool = false,
        baseModel: Bool = false
    ) throws(ImportError) -> ImportedArchitecture {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let config = try KerasArchive.configJSON(data, file: file)
            var imported = try readDocument(
                DocumentParser.parse(config, file: file + ":config.json"), file: file, format: .keras,
                inputShape: inputShape, strict: strict)
            imported.sourceFormat = "keras-archive"
            return imported
        }
        if file.lowercased().hasSuffix(".keras") {
            throw ImportError(file: file, problem: "not a .keras archive: a .keras file is a zip holding config.json")
        }
        let document = try DocumentParser.parse(data, file: file)
        if format == .huggingface || (format == .auto && HuggingFaceReader.recognizes(document)) {
            return try HuggingFaceReader.read(document, file: file, inputShape: inputShape, baseModel: baseModel)
        }
        return try readDocument(document, file: file, format: format, inputShape: inputShape, strict: strict)
    }

    private static func readDocument(
        _ parsed: ConfigValue, file: String, format: SourceFormat, inputShape: [Int?]?, strict: Bool
    ) throws(ImportError) -> ImportedArchitecture {
        var document = parsed
        // json.dump(model.to_json()) writes the model JSON as one JSON string: unwrap it.
        var unwrapped = 0
        while case .string(let inner) = document, unwrapped < 2 {
            document = try DocumentParser.parse(Data(inner.utf8), file: file)
            unwrapped += 1
        }
        let detected: SourceFormat
        switch format {
        case .auto:
            if document.objectValue?["modelTopology"] != nil {
                detected = .tfjs
            } else {
                detected = KerasReader.recognizes(document) ? .keras : .native
            }
        default:
            detected = format
        }
        switch detected {
        case .keras, .tfjs:
            guard KerasReader.recognizes(document) else {
                throw ImportError(file: file, problem: "not a Keras model: expected \"class_name\" and \"config\" (or \"modelTopology\")")
            }
            let (architecture, version) = try KerasReader.read(
                document, file: file, inputShape: inputShape, strict: strict)
            var warnings: [String] = []
            if detected == .tfjs {
                warnings = try TFJSManifest.check(document, architecture: architecture, file: file)
            }
            return ImportedArchitecture(
                architecture: architecture, sourceFormat: detected.rawValue, sourceVersion: version,
                warnings: warnings)
        case .huggingface:
            return try HuggingFaceReader.read(document, file: file, inputShape: inputShape, baseModel: false)
        case .auto, .native:
            return ImportedArchitecture(
                architecture: try NativeReader.read(document, file: file, strict: strict),
                sourceFormat: SourceFormat.native.rawValue, sourceVersion: nil, warnings: [])
        }
    }

    /// Reads the file at `path`.
    /// - Throws: ``ImportError`` when it cannot be read, or as ``read(_:file:format:)``.
    public static func read(
        contentsOf path: String, format: SourceFormat = .auto, inputShape: [Int?]? = nil,
        strict: Bool = false, baseModel: Bool = false
    ) throws(ImportError) -> ImportedArchitecture {
        var path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, problem: "no such file", isMissingFile: true)
        }
        if isDirectory.boolValue {
            // A Hugging Face checkpoint folder: its config.json.
            let config = (path.hasSuffix("/") ? path : path + "/") + "config.json"
            guard FileManager.default.fileExists(atPath: config) else {
                throw ImportError(file: path, problem: "is a directory without a config.json")
            }
            path = config
        }
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        // A .keras archive carries its weights: only its directory and config.json are read (the
        // decompression is capped), so it may be far larger than a text file. It is mapped, not
        // loaded into memory.
        let isArchive = Self.startsLikeZip(path)
        let limit = isArchive ? maximumArchiveSize : DocumentParser.maximumFileSize
        guard size <= limit else {
            throw ImportError(file: path, problem: "file is \(size) bytes; the limit is \(limit)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: isArchive ? [.alwaysMapped] : [])
        } catch {
            throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try read(data, file: path, format: format, inputShape: inputShape, strict: strict, baseModel: baseModel)
    }

    /// The largest `.keras` archive accepted (bytes): weights included, they are never read.
    public static let maximumArchiveSize = 16 * 1024 * 1024 * 1024

    /// Whether the file starts with a zip local-file header (`PK\u{3}\u{4}`).
    private static func startsLikeZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data([0x50, 0x4B, 0x03, 0x04])
    }
}
