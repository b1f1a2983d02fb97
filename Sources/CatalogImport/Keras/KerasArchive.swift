import Foundation
import ZIPFoundation

/// Reads `config.json` out of a Keras 3 `.keras` archive (a zip), never extracting anything to disk.
enum KerasArchive {
    /// The most `config.json` may decompress to (bytes); a larger one is refused.
    static let maximumConfigSize = 64 * 1024 * 1024

    /// The bytes of the archive's `config.json`.
    ///
    /// The archive is read from a private temporary copy, not from memory: ZIPFoundation's
    /// memory-backed archive traps on a central directory that points past the end of the data
    /// (found by fuzzing), while its file-backed reader reports an error. Names of archive
    /// entries are only compared, never used as paths.
    /// - Throws: ``ImportError`` when the data is not a zip, has no config.json, or its
    ///   config.json is larger than ``maximumConfigSize`` once decompressed.
    static func configJSON(_ data: Data, file: String) throws(ImportError) -> Data {
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalog-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).keras")
        defer { try? FileManager.default.removeItem(at: copy) }
        guard FileManager.default.createFile(
            atPath: copy.path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw ImportError(file: file, problem: "cannot write a temporary copy of the archive in \(copy.deletingLastPathComponent().path)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: copy, accessMode: .read)
        } catch {
            throw ImportError(file: file, problem: "not a readable zip archive (\(error))")
        }
        guard let entry = archive["config.json"] else {
            throw ImportError(file: file, problem: "the archive has no config.json; is it a Keras 3 .keras file?")
        }
        guard entry.type == .file else {
            throw ImportError(file: file, problem: "the archive's config.json is not a file")
        }
        guard entry.uncompressedSize <= UInt64(maximumConfigSize) else {
            throw ImportError(file: file, problem: "config.json is \(entry.uncompressedSize) bytes uncompressed; the limit is \(maximumConfigSize)")
        }
        var result = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The header's size may lie: the cap holds on the bytes actually inflated.
                guard result.count + chunk.count <= maximumConfigSize else { throw CocoaError(.fileReadTooLarge) }
                result.append(chunk)
            }
        } catch CocoaError.fileReadTooLarge {
            throw ImportError(file: file, problem: "config.json decompresses to more than \(maximumConfigSize) bytes; the limit is \(maximumConfigSize)")
        } catch {
            throw ImportError(file: file, problem: "config.json cannot be decompressed (\(error))")
        }
        return result
    }
}
