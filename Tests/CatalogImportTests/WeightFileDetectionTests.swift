import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// How `catalog add` tells a weight file: a safetensors header after the JSON whitespace the
/// library's serde_json skips, and a `.safetensors` or `.gguf` name read by that format's
/// reader, so that a broken file gets the format's own error instead of a text reader's.
@Suite("weight files told by their bytes and names")
struct WeightFileDetectionTests {
    /// A file of `bytes` named `name` in a fresh folder.
    static func file(_ name: String, _ bytes: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    /// An 8-byte little-endian length, then `header`, then `data` zero bytes.
    static func safetensors(_ header: String, data: Int) -> Data {
        var bytes = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + Data(header.utf8) + Data(count: data)
    }

    @Test("whitespace before the header's brace, as the safetensors library reads it")
    func leadingWhitespace() throws {
        let bytes = Self.safetensors(" \n\t{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", data: 24)
        #expect(SafeTensorsReader.recognizes(bytes.prefix(64)))
        // The same bytes under a name that says nothing: still told by their bytes.
        let path = try Self.file("weights.bin", bytes)
        let imported = try ArchitectureImporter.read(contentsOf: path)
        #expect(imported.tensors.map(\.name) == ["w"])
        #expect(imported.tensors.first?.elements == 6)
    }

    @Test("a broken .safetensors or .gguf file gets its format's error, not a text reader's")
    func namedFormats() throws {
        let emptyHeader = try Self.file("zero.safetensors", Self.safetensors("", data: 0))
        let zero = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: emptyHeader) }
        #expect(zero?.description.contains("safetensors: ") == true, "\(String(describing: zero))")
        #expect(zero?.description.contains("YAML") == false)

        var huge = Data(repeating: 0xFF, count: 8)
        huge.append(Data("{}".utf8))
        let hugeHeader = try Self.file("huge.SafeTensors", huge)
        let tooLong = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: hugeHeader) }
        #expect(tooLong?.description.contains("18446744073709551615") == true, "\(String(describing: tooLong))")

        // A .pt or .pth file of neither torch.save layout: the PyTorch reader says so.
        let notTorch = try Self.file("model.pth", Data("junk".utf8))
        let torch = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: notTorch) }
        #expect(torch?.description.contains("PyTorch: not a torch.save file") == true, "\(String(describing: torch))")

        let notGGUF = try Self.file("model.gguf", Data("GGUX and more bytes".utf8))
        let magic = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: notGGUF) }
        #expect(magic?.description.contains("GGUF") == true && magic?.description.contains("magic") == true,
                "\(String(describing: magic))")
    }

    @Test("an index whose weight_map is empty: the error names the index and says it")
    func emptyIndex() throws {
        let index = try Self.file("model.safetensors.index.json", Data(#"{"metadata": {}, "weight_map": {}}"#.utf8))
        let error = #expect(throws: ImportError.self) { try ArchitectureImporter.read(contentsOf: index) }
        #expect(error?.description == "\(index): the file holds no tensors", "\(String(describing: error))")
    }
}
