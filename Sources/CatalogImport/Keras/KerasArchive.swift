import Foundation

/// Reads `config.json` out of a Keras 3 `.keras` archive (a zip), in memory: nothing is
/// extracted or written, and names of archive entries are only compared, never used as paths.
enum KerasArchive {
    /// The most `config.json` may decompress to (bytes); a larger one is refused.
    static let maximumConfigSize = 64 * 1024 * 1024

    /// The bytes of the archive's `config.json`.
    /// - Throws: ``ImportError`` when the data is not a readable zip, has no config.json, or its
    ///   config.json is damaged or larger than ``maximumConfigSize`` once decompressed (checked
    ///   on the declared size and again while inflating, since the header may lie).
    static func configJSON(_ data: Data, file: String) throws(ImportError) -> Data {
        let archive: ZipReader
        do {
            archive = try ZipReader(data)
        } catch {
            throw ImportError(file: file, problem: "not a readable zip archive (\(error.reason))")
        }
        // Python's zipfile (which Keras uses) reads the last of two entries of one name, other
        // readers the first: an archive that means two things is refused.
        var names = Set<String>()
        for entry in archive.entries where !names.insert(entry.name).inserted {
            let count = archive.entries.filter { $0.name == entry.name }.count
            throw ImportError(file: file, problem: "the archive has \(count) entries named '\(entry.name)'; zip readers disagree on which one counts")
        }
        guard let entry = archive.entry(named: "config.json") else {
            throw ImportError(file: file, problem: "the archive has no config.json; is it a Keras 3 .keras file?")
        }
        guard entry.uncompressedSize <= maximumConfigSize else {
            throw ImportError(file: file, problem: "config.json is \(entry.uncompressedSize) bytes uncompressed; the limit is \(maximumConfigSize)")
        }
        do {
            return try archive.contents(of: entry, limit: maximumConfigSize)
        } catch {
            if error.reason.hasPrefix("larger than") {
                throw ImportError(file: file, problem: "config.json decompresses to more than \(maximumConfigSize) bytes; the limit is \(maximumConfigSize)")
            }
            throw ImportError(file: file, problem: "config.json cannot be read: \(error.reason)")
        }
    }
}
