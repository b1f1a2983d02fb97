import CatalogCore
import Foundation
import Testing
import ZIPFoundation
@testable import CatalogImport

/// A real `.keras` file carries its weights; only config.json is read, so a large archive is fine.
@Suite(".keras archives with their weights")
struct KerasArchiveSizeTests {
    @Test func archiveLargerThanTheTextLimitIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-big-keras-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try Archive(
            url: KerasFixtureTests.directory.appendingPathComponent("zoo_lenet5.keras"), accessMode: .read)
        let url = folder.appendingPathComponent("big.keras")
        let archive = try Archive(url: url, accessMode: .create)
        for entry in source where entry.path == "config.json" || entry.path == "metadata.json" {
            var contents = Data()
            _ = try source.extract(entry) { contents.append($0) }
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(contents.count),
                compressionMethod: .deflate,
                provider: { position, size in contents.subdata(in: Int(position)..<Int(position) + size) })
        }
        // 70 MiB of stored "weights": more than the 64 MiB limit on text files.
        let weights = 70 * 1024 * 1024
        try archive.addEntry(
            with: "model.weights.h5", type: .file, uncompressedSize: Int64(weights), compressionMethod: .none,
            provider: { _, size in Data(count: size) })
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size > DocumentParser.maximumFileSize)

        let imported = try ArchitectureImporter.read(contentsOf: url.path)
        let totals = try Engine.totals(of: imported.architecture, results: Engine.infer(imported.architecture))
        // Keras' own count for zoo_lenet5 (zoo_lenet5.expected.json): 61,706.
        #expect(totals.parameters == 61_706)
    }

    /// The size limit on text files is the size of what a path names: a symbolic link to a
    /// sparse 300 MiB `.json` is refused with the target's size (314,572,800 = 300 · 1,048,576),
    /// as the file itself is.
    @Test func linkToAFileOverTheLimitIsRefusedWithItsTargetsSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-big-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.json")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 300 * 1_048_576)
        try handle.close()
        let link = folder.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "big.json")
        for path in [big.path, link.path] {
            #expect(throws: ImportError(file: path, problem: "file is 314572800 bytes; the limit is 67108864")) {
                _ = try ArchitectureImporter.read(contentsOf: path)
            }
        }
    }
}
