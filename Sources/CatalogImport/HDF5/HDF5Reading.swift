import CatalogCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where libhdf5 runs when a Keras `.h5` file is read: in this process, or in a child process
/// so that a crash or a hang of the library on a damaged or hostile file becomes an
/// ``ImportError`` naming the file (exit 65) instead of ending the reader.
///
/// HDF5 parses the whole file format in C; Debian 12's libhdf5 1.10.8 crashes (SIGSEGV in
/// `H5Aread`) on a damaged file that HDF5 1.14 refuses
/// (Tests/CatalogImportTests/Fixtures/h5/crash-libhdf5-1.10/). The `catalog` executable therefore
/// reads every `.h5` file in a child: itself, started again with a hidden subcommand whose
/// work is ``HDF5Reading/childReply(path:)``; the reply (the `model_config` and the other
/// root attributes, and every weight dataset's name, dtype and shape) comes back as JSON on a
/// pipe, within ``ChildProcessReader/timeLimit`` seconds and ``ChildProcessReader/outputLimit``
/// bytes. A library user (the tests, the fuzzers) reads in process unless it sets ``mode``.
public enum HDF5Reading {
    /// How to start the child that reads a `.h5` file, and its limits.
    public struct ChildProcessReader: Sendable, Equatable {
        /// The program to start (`/proc/self/exe` for `catalog` itself).
        public var executable: String
        /// Its arguments before the file's path (the hidden subcommand).
        public var arguments: [String]
        /// The longest a read may take, in seconds; the child is killed after it. Reading the
        /// headers of a ResNet50 file (320 datasets, a 153 kB `model_config`) takes well under
        /// a second.
        public var timeLimit: Double
        /// The most bytes the child may reply; the largest `model_config` accepted is 64 MiB
        /// (``HDF5File/maximumAttributeSize``), which JSON escaping may make several times larger.
        public var outputLimit: Int

        /// A reader that starts `executable` `arguments…` `path`.
        public init(executable: String, arguments: [String], timeLimit: Double = 60, outputLimit: Int = 512 * 1024 * 1024) {
            self.executable = executable
            self.arguments = arguments
            self.timeLimit = timeLimit
            self.outputLimit = outputLimit
        }
    }

    /// In process (the default), or in a child process.
    public enum Mode: Sendable, Equatable {
        case inProcess
        case childProcess(ChildProcessReader)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = Mode.inProcess

    /// How `.h5` files are read from now on, by every thread (the `catalog` executable sets
    /// ``Mode/childProcess(_:)`` once before it reads files).
    public static var mode: Mode {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// The path of the running program, to start it again: `/proc/self/exe` on Linux (which
    /// still works if the binary is moved or replaced meanwhile), else the path it was started by.
    public static var currentExecutable: String {
        #if os(Linux)
        return "/proc/self/exe"
        #else
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
    }

    // MARK: - The child's side

    /// The most memory the child may allocate, in bytes (2 GiB, as `RLIMIT_DATA`: the heap and
    /// every private writable mapping; libraries' code and the file are not counted).
    ///
    /// A hostile file could make libhdf5 allocate without bound (a header claiming a huge
    /// attribute or heap); at the limit `malloc` fails instead. The child's real needs are far
    /// below: `catalog __read-hdf5` of Keras' ResNet50 saved as `.h5` (103 MB, a 229 kB reply)
    /// peaks at 38 MiB resident (`/usr/bin/time -v`, debug build; `catalog --version` 23 MiB),
    /// and the largest reply it may give is bounded by
    /// ``ChildProcessReader/outputLimit`` (512 MiB, built in memory once), plus the largest
    /// attribute read (``HDF5File/maximumAttributeSize``, 64 MiB) and its copies.
    public static let childMemoryLimit = 2 * 1024 * 1024 * 1024

    /// Prepares the child process before it reads (before libhdf5 is loaded): it ignores Ctrl-C
    /// (SIGINT goes to the whole process group; the parent decides what an interrupt means), a
    /// crash dumps no core file, and it may allocate at most ``childMemoryLimit`` bytes.
    public static func enterChildProcess() {
        signal(SIGINT, SIG_IGN)
        // A failed allocation ends the child with a signal (the Swift runtime traps when malloc
        // returns NULL; C code may dereference it), malloc having just set errno to ENOMEM: the
        // handler says so on standard error (``outOfMemoryMessage``) before the signal ends the
        // child, so that the parent reports the memory limit, not a crash.
        for fatal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = reportOutOfMemory
            action.sa_flags = Int32(SA_NODEFER)
            #else
            action.__sigaction_u.__sa_handler = reportOutOfMemory
            action.sa_flags = SA_NODEFER
            #endif
            sigemptyset(&action.sa_mask)
            _ = sigaction(fatal, &action, nil)
        }
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        var memory = rlimit(rlim_cur: rlim_t(childMemoryLimit), rlim_max: rlim_t(childMemoryLimit))
        #if os(Linux)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        _ = setrlimit(Int32(RLIMIT_DATA.rawValue), &memory)
        #else
        _ = setrlimit(RLIMIT_CORE, &noCore)
        _ = setrlimit(RLIMIT_DATA, &memory)
        #endif
    }

    /// What the child writes on standard error when a fatal signal follows a failed allocation.
    static let outOfMemoryMessage: StaticString = "catalog __read-hdf5: out of memory (an allocation failed at the memory limit)\n"

    /// The child's work: reads the `.h5` file at `path` in this process and returns the reply
    /// to write on standard output (JSON; the parent decodes it). A file the reader refuses
    /// gives a reply carrying the reason, not a failure of the child: a child that does not
    /// reply (a crash, a hang) is what the parent reports as libhdf5's failure.
    public static func childReply(path: String) -> Data {
        let reply: Reply
        do throws(HDF5Error) {
            reply = Reply(contents: try KerasH5.openAndRead(path: path))
        } catch {
            switch error {
            case .unavailable(let reason): reply = Reply(unavailable: reason)
            case .malformed(let reason): reply = Reply(malformed: reason)
            }
        }
        return (try? JSONEncoder().encode(reply)) ?? Data("{}".utf8)
    }

    // MARK: - The parent's side

    /// The contents of the `.h5` file at `path` read by a child started by `reader`.
    /// - Throws: ``HDF5Error`` with the reader's own refusal, or one that says libhdf5 crashed
    ///   (the signal), hung (the time limit), replied too much, or could not be started.
    static func contents(path: String, reader: ChildProcessReader) throws(HDF5Error) -> KerasH5.Contents {
        var environment = ProcessInfo.processInfo.environment
        // A crash is expected and reported by the parent: no backtrace from the Swift runtime
        // (it would take seconds and print to the child's standard error).
        environment["SWIFT_BACKTRACE"] = "enable=no"
        // A relative path starting with "-" would read as an option to the child.
        let argument = path.hasPrefix("-") ? "./" + path : path
        let outcome: ChildProcess.Outcome
        do throws(ChildProcessError) {
            outcome = try ChildProcess.run(
                executable: reader.executable, arguments: reader.arguments + [argument],
                environment: environment.map { "\($0.key)=\($0.value)" }, timeLimit: reader.timeLimit,
                outputLimit: reader.outputLimit)
        } catch {
            throw .malformed("the HDF5 reader could not be started (\(error.message))")
        }
        switch outcome {
        case .signaled(let signal):
            throw .malformed(
                "libhdf5 crashed reading the file (\(ChildProcess.name(ofSignal: signal))): the file is damaged or "
                    + "malformed HDF5 that this version of libhdf5 does not refuse safely")
        case .timedOut:
            throw .malformed(
                "libhdf5 did not finish reading the file within \(Int(reader.timeLimit)) s and was stopped "
                    + "(a damaged or hostile file)")
        case .outOfMemory:
            throw .malformed(
                "the HDF5 reader ran out of memory reading the file (its limit is \(childMemoryLimit / (1024 * 1024 * 1024)) GiB): "
                    + "the file is damaged or hostile")
        case .outputTooLarge:
            throw .malformed(
                "the file's attributes and weight listing exceed \(reader.outputLimit) bytes; they were not read")
        case .exited(let status, let output, let errors):
            guard status == 0 else {
                let message = String(decoding: errors, as: UTF8.self)
                    .split(whereSeparator: \.isNewline).first.map { ": " + $0 } ?? ""
                throw .malformed("the HDF5 reader failed (exit status \(status))\(message)")
            }
            guard let reply = try? JSONDecoder().decode(Reply.self, from: output) else {
                throw .malformed("the HDF5 reader's reply is not readable (\(output.count) bytes)")
            }
            if let reason = reply.unavailable { throw .unavailable(reason) }
            if let reason = reply.malformed { throw .malformed(reason) }
            guard let contents = reply.contents else { throw .malformed("the HDF5 reader replied nothing") }
            return contents
        }
    }

    /// The same for a file image held in memory: written to a private temporary file that the
    /// child reads, then removed.
    static func contents(image: Data, reader: ChildProcessReader) throws(HDF5Error) -> KerasH5.Contents {
        guard !image.isEmpty else { throw .malformed("the file is empty") }
        var template = Array((NSTemporaryDirectory() + "/catalog-h5-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .malformed("no temporary file for the HDF5 reader: \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: image)
            try handle.close()
        } catch {
            throw .malformed("no temporary file for the HDF5 reader: \(error.localizedDescription)")
        }
        return try contents(path: path, reader: reader)
    }

    // MARK: - The reply

    /// What the child writes: the contents, or why the file is refused.
    struct Reply: Codable {
        var contents: KerasH5.Contents?
        var unavailable: String?
        var malformed: String?
    }
}

/// The child's handler of fatal signals (async-signal-safe: `errno`, `write`, `signal`, `raise`):
/// writes ``HDF5Reading/outOfMemoryMessage`` when errno says an allocation just failed, then
/// ends the process with the same signal, at its default action.
private func reportOutOfMemory(_ number: Int32) {
    if errno == ENOMEM {
        HDF5Reading.outOfMemoryMessage.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
    }
    signal(number, SIG_DFL)
    raise(number)
}
