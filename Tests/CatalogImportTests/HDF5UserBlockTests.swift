import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// HDF5 files with a user block: the signature `\x89HDF\r\n\x1a\n` at byte 512, 1024, 2048, …
/// instead of 0 (the HDF5 File Format Specification, "Format Signature and Version
/// Information"). The fixtures k3_userblock_512.h5 and k2_userblock_2048.h5 were written by h5py
/// (`userblock_size=`) with Keras 3 and tf_keras 2 (scripts/make_h5_userblock_fixtures.py); their
/// layers are also checked against Keras by KerasH5Tests.layerByLayer.
@Suite("HDF5 user blocks")
struct HDF5UserBlockTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/h5")
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `count` bytes of `filler` with the signature written at `offset`.
    static func bytes(_ count: Int, signatureAt offset: Int, filler: UInt8 = 0) -> Data {
        var data = Data(repeating: filler, count: count)
        data.replaceSubrange(offset..<offset + 8, with: signature)
        return data
    }

    @Test func theOffsetsSearchedAreZeroAndThePowersOfTwoFrom512() {
        #expect(KerasH5.signatureOffsets(size: 100) == [0])
        #expect(KerasH5.signatureOffsets(size: 520) == [0, 512])
        #expect(KerasH5.signatureOffsets(size: 519) == [0])
        #expect(KerasH5.signatureOffsets(size: 10_000) == [0, 512, 1024, 2048, 4096, 8192])
    }

    @Test(arguments: [512, 1024, 2048, 4096, 65_536])
    func theSignatureAfterAUserBlockIsFound(_ offset: Int) throws {
        let data = Self.bytes(offset + 100, signatureAt: offset, filler: 0x41)
        #expect(KerasH5.isHDF5(data, file: "x.h5"))
        // A slice that does not start at index 0 (Data's indices are the parent's).
        let slice = (Data([1, 2, 3]) + data).dropFirst(3)
        #expect(KerasH5.isHDF5(slice, file: "x.h5"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("userblock-\(offset)-\(UUID().uuidString).h5")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(KerasH5.isHDF5(path: url.path))
    }

    @Test(arguments: [1, 8, 100, 511, 513, 768, 1000, 1536, 3000])
    func theSignatureElsewhereIsNot(_ offset: Int) throws {
        #expect(!KerasH5.isHDF5(Self.bytes(offset + 100, signatureAt: offset), file: "x.h5"))
    }

    @Test func zipArchivesAndONNXFilesAreNotSearchedForAUserBlock() throws {
        // A .keras archive stores model.weights.h5 uncompressed: its signature may land on 512.
        var zip = Self.bytes(2000, signatureAt: 512)
        zip.replaceSubrange(0..<4, with: [0x50, 0x4B, 0x03, 0x04])
        #expect(!KerasH5.isHDF5(zip, file: "model.keras"))
        #expect(!KerasH5.isHDF5(Self.bytes(2000, signatureAt: 1024), file: "model.onnx"))
    }

    @Test(.enabled(if: HDF5Library.isAvailable, "libhdf5 is not installed"),
          arguments: [("k3_userblock_512.h5", 512), ("k2_userblock_2048.h5", 2048)])
    func h5pyUserBlockFilesAreRead(_ name: String, _ userBlock: Int) throws {
        let url = Self.fixtures.appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        // The fixture really has its signature after the user block, not at 0.
        #expect(!data.starts(with: Self.signature))
        #expect(Array(data[userBlock..<userBlock + 8]) == Self.signature)
        for imported in [try ArchitectureImporter.read(contentsOf: url.path), try ArchitectureImporter.read(data, file: name)] {
            #expect(imported.sourceFormat == "keras-h5")
            let results = try Engine.infer(imported.architecture)
            let totals = try Engine.totals(of: imported.architecture, results: results)
            // conv 3·3·3·8 + 8 = 224, bn 4·8 = 32 (16 of them moving statistics), logits 8·4 + 4 = 36:
            // 292 = 276 trainable + 16 non-trainable (Keras' summary in <m>.summary.txt).
            #expect(totals.parameters == 224 + 32 + 36)
            #expect(totals.nonTrainableParameters == 16)
            #expect(imported.tensors.map(\.elements).reduce(0, +) == 292)
            #expect(imported.warnings.isEmpty)
        }
    }

    @Test(.enabled(if: HDF5Library.isAvailable, "libhdf5 is not installed"))
    func aFileWithBytesPrependedUpToAPowerOfTwoIsRead() throws {
        // 4096 bytes of text before a file written without a user block: libhdf5 finds the
        // superblock at 4096 and takes it as the base address. k3_seq_mlp: 101,770 parameters
        // (Keras' summary: 784·128 + 128 + 128·10 + 10).
        let original = try Data(contentsOf: Self.fixtures.appendingPathComponent("k3_seq_mlp.h5"))
        let data = Data(repeating: 0x78, count: 4096) + original
        let imported = try ArchitectureImporter.read(data, file: "prefixed.h5")
        let results = try Engine.infer(imported.architecture)
        #expect(try Engine.totals(of: imported.architecture, results: results).parameters == 784 * 128 + 128 + 128 * 10 + 10)
        // 100 bytes is not a place HDF5 looks: not an HDF5 file.
        let error = try #require(throws: ImportError.self) {
            try ArchitectureImporter.read(Data(count: 100) + original, file: "shifted.h5")
        }
        #expect(error.description.contains("not an HDF5 file"))
    }
}
