import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program in a child process (`posix_spawn`) and collects its standard output, under a
/// time limit and an output-size limit: how libhdf5 is kept out of `catalog`'s own process
/// (``HDF5Reading``). The child's standard input is `/dev/null`; its standard error is kept (up
/// to 4 KiB) for the message when it fails.
struct ChildProcess {
    /// How the child ended.
    enum Outcome: Equatable {
        /// It exited with `status`, having written `output` (and `errors` on standard error).
        case exited(status: Int32, output: Data, errors: Data)
        /// A signal ended it (not sent by this runner): a crash (SIGSEGV, SIGBUS, SIGABRT, …).
        case signaled(Int32)
        /// It ran past the time limit and was killed (SIGKILL).
        case timedOut
        /// It wrote more than the output limit and was killed (SIGKILL).
        case outputTooLarge
        /// It failed (a signal or a non-zero status) after saying on standard error that an
        /// allocation failed (``outOfMemoryMessages``): a memory limit was reached.
        case outOfMemory
    }

    /// What a process writes on standard error when an allocation fails: the `.h5` reader's
    /// child (``HDF5Reading/outOfMemoryMessage``), HDF5's error stack when printed
    /// (`H5E_CANTALLOC`: "memory allocation failed"), glibc's `strerror(ENOMEM)` and C++'s
    /// `std::bad_alloc`.
    static let outOfMemoryMessages = [
        "out of memory (an allocation failed", "memory allocation failed", "Cannot allocate memory", "std::bad_alloc",
    ]

    /// The most bytes of the child's standard error kept.
    static let errorLimit = 4096

    /// Runs `executable` with `arguments` (not including the program name) and `environment`
    /// (`NAME=value` entries), waiting at most `timeLimit` seconds and reading at most
    /// `outputLimit` bytes of its standard output.
    /// - Throws: ``ChildProcessError`` when the child cannot be started (no such program, no pipes).
    static func run(
        executable: String, arguments: [String], environment: [String], timeLimit: Double, outputLimit: Int
    ) throws(ChildProcessError) -> Outcome {
        // The pipes are made and the child started under one lock: a pipe's ends are marked
        // close-on-exec just after they are made, and no child started by another thread
        // meanwhile may inherit them (it would hold the write end open and delay the end of file).
        spawnLock.lock()
        let output: Pipe2, errors: Pipe2, pid: pid_t
        do {
            defer { spawnLock.unlock() }
            output = try Pipe2()
            errors = try Pipe2()
            pid = try spawn(executable, arguments, environment, stdout: output.write, stderr: errors.write)
            // The parent keeps only the read ends: the child's exit closes the write ends.
            output.closeWrite()
            errors.closeWrite()
        }
        defer {
            output.closeBoth()
            errors.closeBoth()
        }

        var (out, err) = (Data(), Data())
        var (outOpen, errOpen) = (true, true)
        let start = DispatchTime.now().uptimeNanoseconds
        var stopped: Outcome?
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while outOpen || errOpen {
            let remaining = timeLimit - Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard remaining > 0 else { stopped = .timedOut; break }
            var fds = [
                pollfd(fd: outOpen ? output.read : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errOpen ? errors.read : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1_000_000)) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }  // the time limit is checked at the top
            for index in 0..<2 where fds[index].revents != 0 {
                let fd = index == 0 ? output.read : errors.read
                let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                if count <= 0 {
                    if index == 0 { outOpen = false } else { errOpen = false }
                    continue
                }
                if index == 0 {
                    out.append(contentsOf: chunk[0..<count])
                    if out.count > outputLimit { stopped = .outputTooLarge }
                } else if err.count < errorLimit {
                    err.append(contentsOf: chunk[0..<min(count, errorLimit - err.count)])
                }
            }
            if stopped != nil { break }
        }
        if stopped != nil { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { break }
        }
        if let stopped { return stopped }
        // <sys/wait.h>'s macros: the low 7 bits are the terminating signal, 0 for a normal exit,
        // whose status is the next 8 bits.
        let signal = status & 0x7F
        let exitStatus = (status >> 8) & 0xFF
        if signal != 0 || exitStatus != 0 {
            let text = String(decoding: err, as: UTF8.self)
            if outOfMemoryMessages.contains(where: text.contains) { return .outOfMemory }
        }
        if signal != 0 { return .signaled(signal) }
        return .exited(status: exitStatus, output: out, errors: err)
    }

    private static let spawnLock = NSLock()

    private static func spawn(
        _ executable: String, _ arguments: [String], _ environment: [String], stdout: Int32, stderr: Int32
    ) throws(ChildProcessError) -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // Every signal at its default action and none blocked in the child, whatever this
        // process ignores or blocks (a test runner may): a crash ends it with the signal.
        #if canImport(Glibc)
        var attributes = posix_spawnattr_t()
        #else
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw ChildProcessError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// The conventional name of a signal that ends a crashing process, with its number.
    static func name(ofSignal signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGABRT: "SIGABRT", SIGFPE: "SIGFPE", SIGILL: "SIGILL",
            SIGTRAP: "SIGTRAP", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGPIPE: "SIGPIPE",
        ]
        return names[signal].map { "signal \(signal), \($0)" } ?? "signal \(signal)"
    }
}

/// A child process could not be started.
struct ChildProcessError: Error {
    var message: String
}

/// A pipe whose ends are closed on `exec`.
private final class Pipe2 {
    private(set) var read: Int32
    private(set) var write: Int32

    init() throws(ChildProcessError) {
        var fds: [Int32] = [-1, -1]
        let made = pipe(&fds)
        if made == 0 {
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        }
        guard made == 0 else { throw ChildProcessError(message: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        (read, write) = (fds[0], fds[1])
    }

    deinit { closeBoth() }

    func closeWrite() {
        if write >= 0 { _ = close(write) }
        write = -1
    }

    func closeBoth() {
        closeWrite()
        if read >= 0 { _ = close(read) }
        read = -1
    }
}

/// `read(2)` (the name `read` is taken by ``Pipe2/read`` inside the pipe's scope).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
