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

    @Test("a file that crashes libhdf5 is exit 65 naming it, on every libhdf5 version", .enabled(if: hdf5Installed))
    func crashingFile() throws {
        // Debian 12's libhdf5 1.10.8 segfaults in H5Aread on this damaged file; HDF5 1.14 refuses
        // it. Either way `add` reads it in a child process and refuses the file cleanly.
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = Self.fixtures.appendingPathComponent("crash-libhdf5-1.10/vlen_heap_reference.h5").path
        let result = try cli.run(["add", file, "--name", "damaged"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: \(file): "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        if result.stderr.contains("crashed") {
            #expect(result.stderr == "error: \(file): libhdf5 crashed reading the file (signal 11, SIGSEGV): the file is damaged or malformed HDF5 that this version of libhdf5 does not refuse safely\n")
        }
        #expect(try cli.run(["show", "damaged"]).status == 66)
    }

    @Test("a crash among several files fails that file only", .enabled(if: hdf5Installed))
    func crashAmongOthers() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let damaged = Self.fixtures.appendingPathComponent("crash-libhdf5-1.10/vlen_heap_reference.h5").path
        let good = Self.fixtures.appendingPathComponent("k3_seq_mlp.h5").path
        let result = try cli.run(["add", good, damaged])
        #expect(result.status == 65, "\(result)")
        // k3_seq_mlp: Keras 3.15's summary, Total params: 101,770.
        #expect(result.stdout.contains("added seq_mlp: 101,770 params"))
        #expect(result.stderr.contains("error: \(damaged): "))
    }

    @Test("files with a user block (signature at 512 or 2048) are read", .enabled(if: hdf5Installed))
    func userBlock() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run([
            "add", Self.fixtures.appendingPathComponent("k3_userblock_512.h5").path,
            Self.fixtures.appendingPathComponent("k2_userblock_2048.h5").path,
        ])
        #expect(result.status == 0, "\(result)")
        // Keras 3.15 and tf_keras 2.21: Total params: 292, Trainable params: 276, Non-trainable params: 16.
        #expect(result.stdout.contains("added userblock_512: 292 params (276 trainable, 16 non-trainable)"))
        #expect(result.stdout.contains("added userblock_2048: 292 params (276 trainable, 16 non-trainable)"))
    }

    @Test("every fixture read through the child process gives Keras' totals", .enabled(if: hdf5Installed))
    func everyFixtureThroughTheChild() throws {
        struct Expected: Decodable {
            let total_params: Int
            let trainable_params: Int
            let non_trainable_params: Int
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".expected.json") }
            .map { String($0.dropLast(".expected.json".count)) }
            .filter { FileManager.default.fileExists(atPath: Self.fixtures.appendingPathComponent("\($0).h5").path) }
            .sorted()
        #expect(names.count >= 12)
        let cli = try CLI()
        defer { cli.cleanUp() }
        /// 1234567 as "1,234,567".
        func grouped(_ value: Int) -> String {
            var digits = String(value)
            var groups: [String] = []
            while digits.count > 3 {
                groups.insert(String(digits.suffix(3)), at: 0)
                digits.removeLast(3)
            }
            return ([digits] + groups).joined(separator: ",")
        }
        for name in names {
            let expected = try JSONDecoder().decode(
                Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).expected.json")))
            // One file per add: k2_ and k3_ fixtures share model names.
            let result = try cli.run(["add", Self.fixtures.appendingPathComponent("\(name).h5").path, "--name", name])
            #expect(result.status == 0, "\(name): \(result)")
            let line = "added \(name): \(grouped(expected.total_params)) params "
                + "(\(grouped(expected.trainable_params)) trainable, \(grouped(expected.non_trainable_params)) non-trainable)"
            #expect(result.stdout.contains(line), "\(name): \(result.stdout) vs \(line)")
        }
    }

    @Test("the child's subcommand is not in the help")
    func hiddenSubcommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["--help"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("__read-hdf5"))
    }

    @Test("a file whose name starts with '-' reaches the child as a path", .enabled(if: hdf5Installed))
    func dashName() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.copyItem(
            atPath: Self.fixtures.appendingPathComponent("k3_seq_mlp.h5").path, toPath: cli.path("-model.h5"))
        let result = try cli.run(["--db", cli.database, "add", "--name", "dash", "--", "-model.h5"], withDatabase: false)
        #expect(result.status == 0, "\(result)")
        // Keras 3.15's summary: Total params: 101,770.
        #expect(result.stdout.contains("added dash: 101,770 params"))
    }
}
