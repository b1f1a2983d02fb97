import CatalogCore
import Foundation

/// The file formats `catalog add` reads.
public enum SourceFormat: String, Sendable, CaseIterable {
    /// Detect from the content.
    case auto
    /// The native JSON/YAML format (docs/FORMAT.md).
    case native
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
}

/// Reads architecture files of every supported format into ``Architecture`` values.
public enum ArchitectureImporter {
    /// Reads `data` (the content of `file`) in `format`.
    /// - Parameters:
    ///   - file: the name used in error messages (the path as the user typed it).
    /// - Throws: ``ImportError`` naming the file (and layer) for malformed or unsupported content.
    public static func read(
        _ data: Data, file: String, format: SourceFormat = .auto
    ) throws(ImportError) -> ImportedArchitecture {
        let document = try DocumentParser.parse(data, file: file)
        let architecture = try NativeReader.read(document, file: file)
        return ImportedArchitecture(
            architecture: architecture, sourceFormat: SourceFormat.native.rawValue, sourceVersion: nil,
            warnings: [])
    }

    /// Reads the file at `path`.
    /// - Throws: ``ImportError`` when it cannot be read, or as ``read(_:file:format:)``.
    public static func read(contentsOf path: String, format: SourceFormat = .auto) throws(ImportError) -> ImportedArchitecture {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, problem: "no such file")
        }
        guard !isDirectory.boolValue else { throw ImportError(file: path, problem: "is a directory") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > DocumentParser.maximumFileSize {
            throw ImportError(file: path, problem: "file is \(size) bytes; the limit is \(DocumentParser.maximumFileSize)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try read(data, file: path, format: format)
    }
}
