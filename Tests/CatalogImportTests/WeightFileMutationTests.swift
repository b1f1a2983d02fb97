import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// A deterministic miniature of the Fuzz/ targets (FuzzSafeTensors, FuzzGGUF, FuzzPyTorch):
/// each reader is given its fixtures with bytes overwritten and cut short, and must either
/// read them with consistent counts or refuse them naming the file; never trap or hang.
@Suite("Weight readers on damaged files")
struct WeightFileMutationTests {
    /// xorshift64*: the same mutations on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let cases: [(String, String)] = [
        ("shared/mixed_dtypes.safetensors", "safetensors"), ("llama-header-only.gguf", "gguf"),
        ("shared/tiny-llama-q4_0.gguf", "gguf"), ("shared/tied_weights.pt", "pytorch"),
        ("shared/tinynet_legacy.pt", "pytorch"), ("cnn_torchscript.pt", "pytorch"),
    ]

    static func read(_ data: Data, _ reader: String, file: String) throws(ImportError) -> WeightFile {
        switch reader {
        case "safetensors": try SafeTensorsReader.read(data, file: file)
        case "gguf": try GGUFReader.read(data, file: file)
        default: try PyTorchReader.read(data, file: file)
        }
    }

    @Test(arguments: cases)
    func mutatedFilesAreReadConsistentlyOrRefused(name: String, reader: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: WeightFixtures.path(name)))
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(name.utf8.count))
        // Mutations near the start hit the headers, where the readers look.
        let span = min(original.count, 4096)
        for round in 0..<300 {
            var data = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                data[Int.random(in: 0..<span, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 5 == 0 { data = data.prefix(Int.random(in: 0..<original.count, using: &generator)) }
            do {
                let file = try Self.read(data, reader, file: "m.bin")
                for tensor in file.tensors {
                    #expect(tensor.elements >= 0 && (tensor.bytes ?? 0) >= 0)
                    #expect(TensorNames.elements(tensor.shape) == tensor.elements)
                }
                let modules = StoredModule.modules(of: file.tensors)
                #expect(modules.reduce(0) { $0 + $1.trainableParameters + $1.nonTrainableParameters } == file.totalElements)
            } catch {
                #expect(error.description.hasPrefix("m.bin: "), "\(error)")
            }
        }
    }
}
