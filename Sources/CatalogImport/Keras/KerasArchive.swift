import Foundation
import ZIPFoundation

/// Reads `config.json` out of a Keras 3 `.keras` archive (a zip), never extracting anything to disk.
enum KerasArchive {
    /// The most `config.json` may decompress to (bytes); a larger one is refused.
    static let maximumConfigSize = 64 * 1024 * 1024

    /// The bytes of the archive's `config.json`.
    /// - Throws: ``ImportError`` when the data is not a zip, has no config.json, or its
    ///   config.json is larger than ``maximumConfigSize`` once decompressed.
    static func configJSON(_ data: Data, file: String) throws(ImportError) -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ImportError(file: file, problem: "not a readable zip archive (\(error))")
        }
        guard let entry = archive["config.json"] else {
            throw ImportError(file: file, problem: "the archive has no config.json; is it a Keras 3 .keras file?")
        }
        guard entry.uncompressedSize <= UInt64(maximumConfigSize) else {
            throw ImportError(file: file, problem: "config.json is \(entry.uncompressedSize) bytes uncompressed; the limit is \(maximumConfigSize)")
        }
        var result = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                result.append(chunk)
                if result.count > maximumConfigSize { throw CocoaError(.fileReadTooLarge) }
            }
        } catch {
            throw ImportError(file: file, problem: "config.json cannot be decompressed (\(error)); limit \(maximumConfigSize) bytes")
        }
        return result
    }
}
