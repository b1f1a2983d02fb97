import Foundation

/// Checked standard streams: every byte for stdout goes through C's `stdout` (as `print` does),
/// and a write that fails is reported, never lost and never a trap.
///
/// - A failed write to stdout (a full disk, a closed or read-only stdout, an I/O error) ends the
///   command with one line on stderr, `error: cannot write to standard output: REASON`, and exit
///   status 74 (EX_IOERR of sysexits.h). Output that was already written stays written.
/// - A reader that closes the pipe early (`catalog list | head -1`) ends the command silently:
///   SIGPIPE as for every Unix filter, or, where SIGPIPE is ignored, EPIPE with exit status 141
///   (128 + SIGPIPE, what a shell reports for the same) and no message.
/// - A standard stream that is closed when the command starts (`>&-`, `<&-`) is opened on
///   `/dev/null` the wrong way round (stdout read-only, stdin write-only), so that reading or
///   writing it fails cleanly and no file the command opens can take its descriptor number.
///
/// Foundation's `FileHandle.write` traps (`try!`) on a failed write, so it is not used for the
/// standard streams.
enum StandardStreams {
    /// EX_IOERR (sysexits.h): an error while doing I/O on a file.
    static let ioErrorStatus: Int32 = 74

    /// Guards the descriptors and checks stdout once more at exit (what `print` left buffered).
    /// Called first thing in `main`.
    static func install() {
        reserve(STDIN_FILENO, flags: O_WRONLY)
        reserve(STDOUT_FILENO, flags: O_RDONLY)
        reserve(STDERR_FILENO, flags: O_RDONLY)
        atexit { StandardStreams.flushOrFail() }
    }

    /// Opens `/dev/null` on `descriptor` when it is closed.
    private static func reserve(_ descriptor: Int32, flags: Int32) {
        guard fcntl(descriptor, F_GETFD) == -1, errno == EBADF else { return }
        let opened = open("/dev/null", flags)
        if opened >= 0, opened != descriptor {
            dup2(opened, descriptor)
            close(opened)
        }
    }

    /// Writes `data` to stdout after what `print` buffered; ends the command on a failed write.
    static func write(_ data: Data) {
        guard !data.isEmpty else { return }
        guard let out = cStdout else {
            flushOrFail()
            if let code = writeAll(data, to: STDOUT_FILENO) { fail(code) }
            return
        }
        let written = data.withUnsafeBytes { buffer in fwrite(buffer.baseAddress, 1, buffer.count, out) }
        if written < data.count || ferror(out) != 0 { fail(errno) }
    }

    /// Writes `text` to stdout (through the same buffer as `print`).
    static func write(_ text: String) {
        write(Data(text.utf8))
    }

    /// Flushes stdout; ends the command on a failed write (also one found earlier).
    static func flushOrFail() {
        errno = 0
        if let out = cStdout {
            if fflush(out) != 0 || ferror(out) != 0 { fail(errno) }
        } else if fflush(nil) != 0 {
            fail(errno)
        }
    }

    /// Writes every byte to `descriptor`; returns errno of a failed write.
    static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// Reports a failed stdout write and ends the process at once (no further output, no exit
    /// handlers: the one line on stderr is the whole report).
    private static func fail(_ code: Int32) -> Never {
        if code == EPIPE { _exit(141) }
        // An earlier buffered write failed and its errno is gone: say what it means.
        let reason = code == 0 ? "an earlier write failed (a full disk, or a closed stream)" : String(cString: strerror(code))
        writeToStderr("error: cannot write to standard output: \(reason)\n")
        _exit(ioErrorStatus)
    }

    /// Everything on stdin, or a clean error for a closed or unreadable stdin.
    static func readStandardInput() throws(StandardInputError) -> Data {
        do {
            return try FileHandle.standardInput.readToEnd() ?? Data()
        } catch {
            // Foundation wraps the errno of the failed read: name that.
            var nsError = error as NSError
            while nsError.domain != NSPOSIXErrorDomain, let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
                nsError = underlying
            }
            let reason = nsError.domain == NSPOSIXErrorDomain
                ? String(cString: strerror(Int32(nsError.code))) : nsError.localizedDescription
            throw StandardInputError(reason: reason)
        }
    }

    struct StandardInputError: Error { var reason: String }
}

/// Writes `text` to stderr as is (no newline added), after what stdout has buffered; a failed
/// write to stderr is ignored (there is nowhere left to report it).
func writeToStderr(_ text: String) {
    fflush(nil)
    _ = StandardStreams.writeAll(Data(text.utf8), to: STDERR_FILENO)
}

/// C's `stdout`, the stream `print` writes to. Swift 6 refuses to read the C global (mutable
/// shared state), so its value is read once through the dynamic linker; `nil` if that fails
/// (then stdout is checked through `fflush(NULL)` and written with write(2)).
nonisolated(unsafe) private let cStdout: UnsafeMutablePointer<FILE>? = {
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
    return address.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
}()
