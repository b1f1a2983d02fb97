import CatalogTestSupport
import Foundation
import Testing

/// Whether libhdf5 can be loaded here (the tests that read a .h5 file need it; .ci/run installs it).
private let hdf5Installed: Bool = {
    for name in ["libhdf5_serial.so.103", "libhdf5_serial.so.310", "libhdf5.so.310", "libhdf5.so.103", "libhdf5.so"] {
        if let handle = dlopen(name, RTLD_LAZY) {
            dlclose(handle)
            return true
        }
    }
    return false
}()

/// `catalog add model.h5` end to end: stdout, stderr and exit status.
@Suite("add of Keras .h5 files")
struct H5CommandTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/h5")

    @Test("a missing libhdf5 is exit 69 with the install command, and nothing is added")
    func missingLibrary() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = Self.fixtures.appendingPathComponent("k3_frozen.h5").path
        let result = try cli.run(["add", file], environment: ["CATALOG_HDF5_LIBRARY": "/nonexistent/libhdf5.so"])
        #expect(result.status == 69, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(file))
        #expect(result.stderr.contains("apt-get install libhdf5"))
        #expect(try cli.run(["show", "frozen"]).status == 66)
    }

    @Test("add k2_seq_cnn.h5 prints Keras' total", .enabled(if: hdf5Installed))
    func addKeras2File() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["add", Self.fixtures.appendingPathComponent("k2_seq_cnn.h5").path])
        #expect(result.status == 0, "\(result)")
        // tf_keras 2.21's summary: Total params: 34826 (320 + 18496 + 16010).
        #expect(result.stdout.contains("added seq_cnn: 34,826 params (34,826 trainable, 0 non-trainable)"))
        #expect(result.stderr.isEmpty)
    }

    @Test("a weights-only file is exit 65 and says how to get an architecture", .enabled(if: hdf5Installed))
    func weightsOnly() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["add", Self.fixtures.appendingPathComponent("k3_weights_only.weights.h5").path])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("holds weights but no architecture"))
        #expect(result.stdout.isEmpty)
    }

    @Test("a compiled model's optimizer weights are a warning, not parameters", .enabled(if: hdf5Installed))
    func optimizerWarning() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["add", Self.fixtures.appendingPathComponent("k3_nested_compiled.h5").path])
        #expect(result.status == 0, "\(result)")
        // Keras 3.15 reports 483 params (435 trainable, 48 non-trainable) for the model itself;
        // its summary of the compiled model adds 872 "Optimizer params", which are not counted.
        #expect(result.stdout.contains("added nested_compiled: 483 params (435 trainable, 48 non-trainable)"))
        #expect(result.stderr.contains("warning: "))
        #expect(result.stderr.contains("optimizer weights (872 elements)"))
    }
}
