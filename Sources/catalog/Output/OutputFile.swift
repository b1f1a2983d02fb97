import Foundation

/// Writes a whole file (`report --output`, `export --output`) the way editors and compilers
/// write through a path, so that what the path is keeps being what it was:
///
/// - a symbolic link is followed, and its target is written (the link stays a link);
/// - a regular file with one link is replaced atomically (a temporary file in the same folder,
///   given the old file's permission bits, renamed over it: a reader sees the old or the new
///   file, never half of one);
/// - a regular file with several hard links is rewritten in place, so every link sees the new
///   contents (an atomic rename would cut this name off from the others);
/// - a FIFO, a character device or a socket is opened and written directly, never replaced by
///   a regular file (`--output /dev/stdout`, `--output /dev/full` reports the full device);
/// - a directory is refused.
/// A path that does not exist yet is created atomically with the usual permissions (0666 less
/// the umask).
enum OutputFile {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Writes `data` to `path` as described above.
    /// - Throws: ``Failure`` naming the path and the reason (a directory, no permission, a full
    ///   disk, a missing folder).
    static func write(_ data: Data, to path: String) throws(Failure) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            // Follow the link to its final target; a dangling link's target is created.
            if let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
            } else if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                target = destination.hasPrefix("/")
                    ? destination
                    : (path as NSString).deletingLastPathComponent + "/" + destination
            }
        }
        guard stat(target, &info) == 0 else {
            guard errno == ENOENT else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            return try replaceAtomically(data, at: target, shownAs: path, mode: nil)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw Failure(path: path, reason: "it is a directory; give a file name, e.g. \(path)/catalog.html")
        case S_IFREG where info.st_nlink <= 1:
            try replaceAtomically(data, at: target, shownAs: path, mode: info.st_mode & 0o7777)
        default:
            // Hard-linked files, FIFOs, devices: written through, never replaced.
            let regular = info.st_mode & S_IFMT == S_IFREG
            try writeInPlace(data, at: target, shownAs: path, truncate: regular)
        }
    }

    private static func writeInPlace(_ data: Data, at target: String, shownAs path: String, truncate: Bool) throws(Failure) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0))
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        if let reason = writeAll(data, to: descriptor) {
            close(descriptor)
            throw Failure(path: path, reason: reason)
        }
        guard close(descriptor) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    }

    private static func replaceAtomically(_ data: Data, at target: String, shownAs path: String, mode: mode_t?) throws(Failure) {
        let folder = (target as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.catalog-write-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        func fail(_ reason: String) -> Failure {
            close(descriptor)
            unlink(temporary)
            return Failure(path: path, reason: reason)
        }
        // mkstemp makes the file 0600; give it the old file's mode, or the usual 0666 less umask.
        let umaskValue = umask(0)
        umask(umaskValue)
        guard fchmod(descriptor, mode ?? (0o666 & ~umaskValue)) == 0 else { throw fail(String(cString: strerror(errno))) }
        if let reason = writeAll(data, to: descriptor) { throw fail(reason) }
        guard fsync(descriptor) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard close(descriptor) == 0 else {
            unlink(temporary)
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    /// Writes every byte (``StandardStreams/writeAll(_:to:)``); returns the reason of a failed write.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        StandardStreams.writeAll(data, to: descriptor).map { String(cString: strerror($0)) }
    }
}
