import CatalogCore
import Foundation
import Testing
@testable import CatalogImport

/// libhdf5 in a child process (HDF5Reading, ChildProcess): how a child's crash, hang, failure
/// or oversized reply is reported. The children here are /bin/sh scripts standing in for the
/// `catalog __read-hdf5` child (the tests run in the test process, not in the catalog binary;
/// Tests/CatalogCLITests/H5CommandTests.swift runs the real child on the damaged fixture).
@Suite("libhdf5 in a child process")
struct HDF5ChildProcessTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/h5")

    static func shell(_ script: String, timeLimit: Double = 20, outputLimit: Int = 1 << 20) throws -> ChildProcess.Outcome {
        try ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH=/usr/bin:/bin"],
            timeLimit: timeLimit, outputLimit: outputLimit)
    }

    /// A reader whose "child" is `/bin/sh -c script` (the file's path is its `$1`).
    static func reader(_ script: String, timeLimit: Double = 20, outputLimit: Int = 1 << 20) -> HDF5Reading.Mode {
        .childProcess(HDF5Reading.ChildProcessReader(
            executable: "/bin/sh", arguments: ["-c", script, "sh"], timeLimit: timeLimit, outputLimit: outputLimit))
    }

    @Test func outputErrorsAndStatusOfAChild() throws {
        let outcome = try Self.shell("printf 'out'; printf 'err' >&2; exit 3")
        #expect(outcome == .exited(status: 3, output: Data("out".utf8), errors: Data("err".utf8)))
        #expect(try Self.shell("true") == .exited(status: 0, output: Data(), errors: Data()))
    }

    @Test func aCrashIsTheSignal() throws {
        #expect(try Self.shell("kill -SEGV $$") == .signaled(SIGSEGV))
        #expect(try Self.shell("kill -ABRT $$") == .signaled(SIGABRT))
        #expect(ChildProcess.name(ofSignal: SIGSEGV) == "signal 11, SIGSEGV")
    }

    @Test func aHangIsStoppedAtTheTimeLimit() throws {
        // `exec` so that the killed process is the sleeping one (no orphan keeps the pipe open).
        #expect(try Self.shell("exec sleep 30", timeLimit: 0.5) == .timedOut)
    }

    @Test func tooMuchOutputIsStopped() throws {
        // 10,000,000 bytes against a limit of 100,000.
        #expect(try Self.shell("exec head -c 10000000 /dev/zero", outputLimit: 100_000) == .outputTooLarge)
        // Exactly at the limit is fine.
        #expect(try Self.shell("exec head -c 1000 /dev/zero", outputLimit: 1000)
            == .exited(status: 0, output: Data(count: 1000), errors: Data()))
    }

    @Test func aProgramThatDoesNotExistIsAnError() throws {
        #expect(throws: ChildProcessError.self) {
            try ChildProcess.run(executable: "/nonexistent/catalog", arguments: [], environment: [], timeLimit: 5, outputLimit: 10)
        }
    }

    @Test func aCrashingReaderIsAnImportErrorNamingTheFile() throws {
        let path = Self.fixtures.appendingPathComponent("crash-libhdf5-1.10/vlen_heap_reference.h5").path
        let error = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: path, file: path, mode: Self.reader("kill -SEGV $$"))
        }
        #expect(error.description == "\(path): libhdf5 crashed reading the file (signal 11, SIGSEGV): the file is damaged or malformed HDF5 that this version of libhdf5 does not refuse safely")
        #expect(!error.isMissingLibrary)
    }

    @Test func anAllocationFailureIsOutOfMemory() throws {
        // What the child's signal handler writes when a trap follows a failed allocation under
        // its RLIMIT_DATA; libhdf5's own message with a non-zero status. A crash without such
        // a message stays a crash.
        #expect(try Self.shell("echo 'catalog __read-hdf5: out of memory (an allocation failed at the memory limit)' >&2; kill -ILL $$") == .outOfMemory)
        #expect(try Self.shell("echo 'H5MM.c line 66 in H5MM_malloc(): memory allocation failed' >&2; exit 1") == .outOfMemory)
        #expect(try Self.shell("echo 'something else' >&2; kill -SEGV $$") == .signaled(SIGSEGV))
    }

    @Test func anOutOfMemoryReaderIsAnImportErrorNamingTheFile() throws {
        let error = try #require(throws: ImportError.self) {
            try KerasH5.contents(
                path: "model.h5", file: "model.h5",
                mode: Self.reader("echo 'catalog __read-hdf5: out of memory (an allocation failed at the memory limit)' >&2; kill -ILL $$"))
        }
        #expect(error.description == "model.h5: the HDF5 reader ran out of memory reading the file (its limit is 2 GiB): the file is damaged or hostile")
        // 2 GiB: above the largest reply the child may give (the output limit) plus the largest
        // attribute it may read, each held in memory about twice.
        #expect(HDF5Reading.childMemoryLimit == 2 * 1024 * 1024 * 1024)
        #expect(HDF5Reading.childMemoryLimit >= 2 * (HDF5Reading.ChildProcessReader(executable: "", arguments: []).outputLimit + HDF5File.maximumAttributeSize))
    }

    @Test func aHangingReaderIsAnImportError() throws {
        let error = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "model.h5", file: "model.h5", mode: Self.reader("exec sleep 30", timeLimit: 1))
        }
        #expect(error.description == "model.h5: libhdf5 did not finish reading the file within 1 s and was stopped (a damaged or hostile file)")
    }

    @Test func failingOversizedAndUnreadableRepliesAreImportErrors() throws {
        let failed = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "m.h5", file: "m.h5", mode: Self.reader("echo 'it broke' >&2; exit 2"))
        }
        #expect(failed.description == "m.h5: the HDF5 reader failed (exit status 2): it broke")
        let large = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "m.h5", file: "m.h5", mode: Self.reader("exec head -c 5000 /dev/zero", outputLimit: 4096))
        }
        #expect(large.description == "m.h5: the file's attributes and weight listing exceed 4096 bytes; they were not read")
        let garbled = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "m.h5", file: "m.h5", mode: Self.reader("printf 'not json'"))
        }
        #expect(garbled.description == "m.h5: the HDF5 reader's reply is not readable (8 bytes)")
    }

    @Test func theChildsRefusalsComeBackAsTheyAre() throws {
        // The child replies a refusal as JSON; the parent throws it with the file's name.
        let malformed = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "m.h5", file: "m.h5", mode: Self.reader(#"printf '{"malformed":"attribute x is bad"}'"#))
        }
        #expect(malformed.description == "m.h5: attribute x is bad")
        let missing = try #require(throws: ImportError.self) {
            try KerasH5.contents(path: "m.h5", file: "m.h5", mode: Self.reader(#"printf '{"unavailable":"no libhdf5"}'"#))
        }
        #expect(missing.isMissingLibrary)
        #expect(missing.description.contains("apt-get install libhdf5"))
    }

    @Test func aFileImageGoesToTheChildAsATemporaryFile() throws {
        // The child script checks that its $1 holds the image's bytes, then replies a refusal
        // naming the size it saw (5 bytes).
        let script = #"test "$(cat "$1")" = "hello" && printf '{"malformed":"saw %s bytes"}' "$(wc -c < "$1" | tr -d ' ')""#
        let error = try #require(throws: ImportError.self) {
            try KerasH5.contents(image: Data("hello".utf8), file: "pipe.h5", mode: Self.reader(script))
        }
        #expect(error.description == "pipe.h5: saw 5 bytes")
    }

    @Test(.enabled(if: HDF5Library.isAvailable, "libhdf5 is not installed"))
    func theReplyCarriesEverythingTheReaderRead() throws {
        // childReply (what `catalog __read-hdf5` writes) decoded by the parent gives what the
        // in-process reader gives: the config, versions, every tensor, the optimizer counts.
        for name in ["k3_nested_compiled.h5", "k2_recurrent.h5", "k3_frozen.h5"] {
            let path = Self.fixtures.appendingPathComponent(name).path
            let direct = try KerasH5.contents(path: path, file: path, mode: .inProcess)
            let reply = try JSONDecoder().decode(HDF5Reading.Reply.self, from: HDF5Reading.childReply(path: path))
            let decoded = try #require(reply.contents)
            #expect(decoded.modelConfig == direct.modelConfig)
            #expect(decoded.kerasVersion == direct.kerasVersion)
            #expect(decoded.backend == direct.backend)
            #expect(decoded.tensors == direct.tensors)
            #expect(decoded.hasWeights == direct.hasWeights)
            #expect(decoded.optimizerTensors == direct.optimizerTensors)
            #expect(decoded.optimizerElements == direct.optimizerElements)
            #expect(!direct.tensors.isEmpty)
        }
        let refused = try JSONDecoder().decode(
            HDF5Reading.Reply.self,
            from: HDF5Reading.childReply(path: Self.fixtures.appendingPathComponent("k3_weights_only.weights.h5").path))
        #expect(refused.contents == nil)
        #expect(refused.malformed?.contains("holds weights but no architecture") == true)
    }
}
