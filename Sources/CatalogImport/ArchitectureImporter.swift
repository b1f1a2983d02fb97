import CatalogCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// An ONNX model (`ModelProto`, ONNX/ONNXReader.swift).
    case onnx
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
    /// The weight file's own metadata (safetensors `__metadata__`, GGUF key/values summarised).
    public var weightMetadata: [String: String] = [:]
}

/// Reads architecture files of every supported format into ``Architecture`` values.
public enum ArchitectureImporter {
    /// Reads `data` (the content of `file`) in `format`.
    /// - Parameters:
    ///   - file: the name used in error messages (the path as the user typed it).
    /// - Throws: ``ImportError`` naming the file (and layer) for malformed or unsupported content.
    public static func read(
        _ data: Data, file: String, format: SourceFormat = .auto, inputShape: [Int?]? = nil,
        namedInputShapes: [String: [Int?]] = [:], strict: Bool = false, baseModel: Bool = false
    ) throws(ImportError) -> ImportedArchitecture {
        if format == .onnx || (format == .auto && ONNXReader.recognizes(file: file, firstByte: data.first)) {
            return try ONNXReader.read(data, file: file, inputShape: inputShape, inputShapes: namedInputShapes)
        }
        if !namedInputShapes.isEmpty {
            throw ImportError(file: file, problem: "--input-shape by input name applies to ONNX files; give this file's shape as 224,224,3")
        }
        if KerasH5.isHDF5(data, file: file) {
            return try readH5(KerasH5.contents(image: data, file: file), file: file, inputShape: inputShape, strict: strict)
        }
        if file.lowercased().hasSuffix(".h5") {
            throw ImportError(
                file: file,
                problem: "not an HDF5 file: a .h5 file has HDF5's signature \\x89HDF\\r\\n\\x1a\\n at byte 0 (or after a user block, at byte 512, 1024, 2048, …)")
        }
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
                warnings: warnings + assumptionWarnings(architecture))
        case .huggingface:
            return try HuggingFaceReader.read(document, file: file, inputShape: inputShape, baseModel: false)
        case .onnx:
            throw ImportError(file: file, problem: "not an ONNX model")
        case .auto, .native:
            let architecture = try NativeReader.read(document, file: file, strict: strict)
            return ImportedArchitecture(
                architecture: architecture, sourceFormat: SourceFormat.native.rawValue, sourceVersion: nil,
                warnings: assumptionWarnings(architecture))
        }
    }

    /// Reads the file at `path`.
    /// - Throws: ``ImportError`` when it cannot be read, or as ``read(_:file:format:)``.
    public static func read(
        contentsOf path: String, format: SourceFormat = .auto, inputShape: [Int?]? = nil,
        namedInputShapes: [String: [Int?]] = [:], strict: Bool = false, baseModel: Bool = false
    ) throws(ImportError) -> ImportedArchitecture {
        // A pipe (`<(cat model.h5)`) or a device is read once, whole, before anything else opens
        // it (a look at its first bytes would consume them): its format is told from the bytes.
        if let data = try readUnlessRegular(path) {
            if format == .auto, WeightFolderReader.recognizes(data) {
                return try WeightsImport.imported(data, file: path, inputShape: inputShape, baseModel: baseModel)
            }
            return try read(
                data, file: path, format: format, inputShape: inputShape, namedInputShapes: namedInputShapes,
                strict: strict, baseModel: baseModel)
        }
        // Weight files and checkpoint folders: read by path, headers only, without a size limit.
        if WeightFolderReader.recognizes(path: path) {
            return try WeightsImport.imported(contentsOf: path, inputShape: inputShape, baseModel: baseModel)
        }
        var path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, problem: "no such file", isMissingFile: true)
        }
        if isDirectory.boolValue {
            // A Hugging Face checkpoint folder: its config.json.
            let config = (path.hasSuffix("/") ? path : path + "/") + "config.json"
            guard FileManager.default.fileExists(atPath: config) else {
                // Several weight files and no config.json or index to say which is the model
                // (WeightFolderReader reads a folder of one): name them.
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                let ggufs = names.filter { $0.hasSuffix(".gguf") }
                if ggufs.count > 1 {
                    let listed = ggufs.prefix(8).joined(separator: ", ") + (ggufs.count > 8 ? ", …" : "")
                    throw ImportError(file: path, problem: "the folder holds \(ggufs.count) GGUF files (\(listed)) and no config.json; add one of them by its path (a split model's shards are merged by llama.cpp's gguf-split --merge)")
                }
                let safetensors = names.filter { $0.hasSuffix(".safetensors") }
                if safetensors.count > 1 {
                    let listed = safetensors.prefix(8).joined(separator: ", ") + (safetensors.count > 8 ? ", …" : "")
                    throw ImportError(file: path, problem: "the folder holds \(safetensors.count) safetensors files (\(listed)) and no config.json or model.safetensors.index.json; add one of them by its path")
                }
                throw ImportError(file: path, problem: "is a directory without a config.json")
            }
            path = config
        }
        // A Keras .h5 file (HDF5, maybe after a user block) is opened by libhdf5, which reads only its headers: any size.
        if KerasH5.isHDF5(path: path) {
            return try readH5(KerasH5.contents(path: path, file: path), file: path, inputShape: inputShape, strict: strict)
        }
        let url = URL(fileURLWithPath: path)
        // stat(2), as FileManager's attributesOfItem(atPath:) reads it here (a symbolic link's
        // target), without its [FileAttributeKey: Any] dictionary (four first-use conformance
        // scans, 1.4 million instructions: BENCHMARKS.md section 6).
        var status = stat()
        let size = stat(path, &status) == 0 ? Int(status.st_size) : 0
        // A .keras archive carries its weights: only its directory and config.json are read (the
        // decompression is capped), so it may be far larger than a text file. It is mapped, not
        // loaded into memory.
        let isArchive = Self.starts(path, with: [0x50, 0x4B, 0x03, 0x04])
        // An ONNX model may hold gigabytes of weights: it is mapped, and only its graph is read.
        let isONNX = format == .onnx || (format == .auto && ONNXReader.recognizes(file: path, firstByte: Self.firstByte(path)))
        let limit = isArchive || isONNX ? maximumArchiveSize : DocumentParser.maximumFileSize
        guard size <= limit else {
            throw ImportError(file: path, problem: "file is \(size) bytes; the limit is \(limit)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: isArchive || isONNX ? [.alwaysMapped] : [])
        } catch {
            throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try read(
            data, file: path, format: format, inputShape: inputShape, namedInputShapes: namedInputShapes, strict: strict,
            baseModel: baseModel)
    }

    /// The contents of a pipe, a FIFO or a device (`add <(…)`, `/dev/stdin`), read in chunks up to
    /// ``DocumentParser/maximumFileSize`` (`/dev/zero` never ends: it is refused at the limit);
    /// `nil` for a regular file, which the caller reads by its size. Foundation's whole-file read
    /// fails on these with "You don't have permission".
    private static func readUnlessRegular(_ path: String) throws(ImportError) -> Data? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let limit = DocumentParser.maximumFileSize
        var data = Data()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
            }
            if chunk.isEmpty { return data }
            data.append(chunk)
            guard data.count <= limit else {
                throw ImportError(file: path, problem: "is not a regular file and gives more than \(limit) bytes; the limit is \(limit)")
            }
        }
    }

    /// The largest `.keras` archive accepted (bytes): weights included, they are never read.
    public static let maximumArchiveSize = 16 * 1024 * 1024 * 1024

    /// The file's first byte, if it can be read.
    private static func firstByte(_ path: String) -> UInt8? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 1))?.first
    }

    /// Whether the file starts with `magic` (a zip local-file header `PK\u{3}\u{4}`, HDF5's signature).
    private static func starts(_ path: String, with magic: [UInt8]) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.count)) ?? Data()
        return head == Data(magic)
    }

    /// A Keras `.h5` file's `model_config` read as Keras JSON, with the file's weights as tensors
    /// and the cross-check of their sizes against the computed parameters as warnings.
    private static func readH5(
        _ contents: KerasH5.Contents, file: String, inputShape: [Int?]?, strict: Bool
    ) throws(ImportError) -> ImportedArchitecture {
        var imported = try readDocument(
            DocumentParser.parse(Data(contents.modelConfig.utf8), file: file + ":model_config"), file: file,
            format: .keras, inputShape: inputShape, strict: strict)
        imported.sourceFormat = "keras-h5"
        imported.sourceVersion = contents.kerasVersion ?? imported.sourceVersion
        if imported.architecture.description == nil, let version = contents.kerasVersion {
            imported.architecture.description = "saved by Keras \(version)" + (contents.backend.map { " (backend \($0))" } ?? "")
        }
        imported.tensors = contents.tensors
        imported.warnings += KerasH5.warnings(for: imported.architecture, contents: contents)
        return imported
    }
}
