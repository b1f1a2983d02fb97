import CatalogTestSupport
import Foundation
import Testing

/// `catalog add` of a pipe, a FIFO or `/dev/stdin`, for every format: the bytes are read once,
/// whole, before anything looks at them (a look at the first bytes of a pipe would consume them),
/// and give the same counts as the file itself.
@Suite("add of a pipe or a FIFO, every format")
struct PipeInputTests {
    static let fixtures = Reliability.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures")

    /// A file of each format and the start of `add`'s line for it, from an independent source.
    static let files: [(path: String, added: String)] = [
        // LeCun et al. 1998 (the seed's count).
        ("seeds/lenet5.json", "61,706 params (61,706 trainable, 0 non-trainable)"),
        // The same LeNet-5 saved by Keras 3 (model.count_params()).
        ("Tests/CatalogImportTests/Fixtures/keras/zoo_lenet5.keras", "61,706 params (61,706 trainable, 0 non-trainable)"),
        // tf_keras 2.21's summary: 320 + 18,496 + 16,010.
        ("Tests/CatalogImportTests/Fixtures/h5/k2_seq_cnn.h5", "34,826 params (34,826 trainable, 0 non-trainable)"),
        // The safetensors library: 203,520 elements (Fixtures/weights/shared/mlp_with_metadata.expected.json).
        ("Tests/CatalogImportTests/Fixtures/weights/shared/mlp_with_metadata.safetensors", "203,520 params"),
        // gguf-py: 106,816 elements (tiny-llama-f16.gguf.expected.json).
        ("Tests/CatalogImportTests/Fixtures/weights/shared/tiny-llama-f16.gguf", "106,816 params"),
        // torch: 3,146 elements, 16 of them BatchNorm buffers (Fixtures/weights/expected.json).
        ("Tests/CatalogImportTests/Fixtures/weights/cnn_parameters.pt", "3,146 params (3,130 trainable, 16 non-trainable)"),
        // PyTorch's count of the exported module: 276 (small_cnn_op9.expected.json).
        ("Tests/CatalogImportTests/Fixtures/onnx/small_cnn_op9.onnx", "276 params (276 trainable, 0 non-trainable)"),
    ]

    /// Whether libhdf5 is installed (the .h5 file needs it; .ci/run installs it).
    static let hdf5Installed: Bool = {
        for name in ["libhdf5_serial.so.103", "libhdf5_serial.so.310", "libhdf5.so.310", "libhdf5.so.103", "libhdf5.so"] {
            if let handle = dlopen(name, RTLD_LAZY) {
                dlclose(handle)
                return true
            }
        }
        return false
    }()

    @Test("a FIFO written by another process", arguments: files.indices)
    func fifo(_ index: Int) throws {
        let (path, added) = Self.files[index]
        guard !path.hasSuffix(".h5") || Self.hdf5Installed else { return }
        let folder = try Reliability.temporaryDirectory("fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let fifo = folder.appendingPathComponent("model.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let file = Reliability.packageRoot.appendingPathComponent(path).path
        // The writer starts first and fills the FIFO as soon as catalog opens it.
        let result = try Reliability.run(
            ["add", fifo, "--name", "piped", "--db", database],
            prefix: ["/bin/sh", "-c", "cat '\(file)' > '\(fifo)' & exec \"$0\" \"$@\""])
        #expect(result.status == 0 && result.stdout.hasPrefix("added piped: " + added), "\(path): \(result)")
    }

    @Test("standard input, already written when catalog starts", arguments: files.indices)
    func standardInput(_ index: Int) throws {
        let (path, added) = Self.files[index]
        guard !path.hasSuffix(".h5") || Self.hdf5Installed else { return }
        let folder = try Reliability.temporaryDirectory("stdin")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Reliability.copySeededDatabase(into: folder)
        let file = Reliability.packageRoot.appendingPathComponent(path).path
        // `sleep` lets cat fill the pipe (up to its 64 KiB) before catalog looks at it.
        let result = try Reliability.run(
            ["add", "/dev/stdin", "--name", "piped", "--db", database],
            prefix: ["/bin/sh", "-c", "cat '\(file)' | { sleep 0.3; exec \"$0\" \"$@\"; }"])
        #expect(result.status == 0 && result.stdout.hasPrefix("added piped: " + added), "\(path): \(result)")
    }
}
