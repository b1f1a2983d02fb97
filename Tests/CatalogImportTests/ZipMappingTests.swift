import Foundation
import Testing
@testable import CatalogImport

/// `ZipReader` keeps a mapped archive mapped: it reads the central directory and the entries
/// asked for, so a checkpoint's storages are never copied or paged in (BENCHMARKS.md: `catalog add`
/// of a 102 MB resnet50 `state_dict` peaked at 233 MiB while the archive was copied, 38 MiB after).
@Suite("zip archives stay mapped")
struct ZipMappingTests {
    static let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/weights")

    @Test func theArchiveIsNotCopied() throws {
        let data = try MappedFile.map(Self.weights.appendingPathComponent("cnn_parameters.pt").path)
        let zip = try ZipReader(data)
        // The same bytes at the same address: the mapping itself, not a copy of it.
        let original = data.withUnsafeBytes { $0.baseAddress }
        let kept = zip.data.withUnsafeBytes { $0.baseAddress }
        #expect(original != nil && original == kept)
        #expect(zip.entries.contains { $0.name.hasSuffix("/data.pkl") })
    }

    @Test func aSliceIsRebasedToStartAtZero() throws {
        // A slice's indices do not start at 0; the reader copies it (only then) and still finds
        // the directory: the .pt file's bytes after 7 junk bytes, sliced off again.
        let file = try Data(contentsOf: Self.weights.appendingPathComponent("cnn_parameters.pt"))
        let padded = Data(repeating: 0x55, count: 7) + file
        let slice = padded[7...]
        #expect(slice.startIndex == 7)
        let zip = try ZipReader(slice)
        #expect(zip.data.startIndex == 0 && zip.data.count == file.count)
        #expect(zip.entries.count == (try ZipReader(file)).entries.count)
    }
}
