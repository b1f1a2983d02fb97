import Foundation

/// Paths inside the package, found from this file's location (no resources needed).
public enum PackagePaths {
    /// The package root: `Tests/CatalogTestSupport/PackagePaths.swift` is three levels below it.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `seeds/`, the bundled architectures.
    public static var seeds: URL { root.appendingPathComponent("seeds", isDirectory: true) }

    /// `Tests/CatalogImportTests/Fixtures/keras/<name>`: Keras' own output for its models.
    public static func kerasFixture(_ name: String) -> URL {
        root.appendingPathComponent("Tests/CatalogImportTests/Fixtures/keras/\(name)")
    }

    /// The seed files, sorted by name.
    public static func seedFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: seeds, includingPropertiesForKeys: nil)
            .filter { ["json", "yaml", "yml"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    /// Creates `catalog-<label>-<UUID>` in the system temporary directory.
    public init(_ label: String = "tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalog-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory (not created).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func cleanUp() { try? FileManager.default.removeItem(at: url) }
}
