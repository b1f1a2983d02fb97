import CatalogCore
import Foundation

/// Reads a safetensors file's header: 8 bytes of little-endian header length, then that many
/// bytes of JSON `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`,
/// then the data section (never read).
///
/// Checks follow the safetensors library (`safetensors/src/tensor.rs`, `Metadata::validate`):
/// the header is at most 100,000,000 bytes and starts with `{`; sorted by offset, each tensor
/// starts where the previous ended (no gap, no overlap); `end - begin` equals the elements
/// times the dtype's size; the last end is the data section's length. A file whose data
/// section is wholly absent (a header-only layout) is read with a warning.
public enum SafeTensorsReader {
    /// The library's header limit (`MAX_HEADER_SIZE` in `safetensors/src/tensor.rs`).
    static let maximumHeaderLength = 100_000_000

    /// Whether `head` (the file's first bytes) looks like safetensors: a header length then `{`.
    public static func recognizes(_ head: Data) -> Bool {
        guard head.count >= 9 else { return false }
        let bytes = Array(head.prefix(9))
        return bytes[8] == UInt8(ascii: "{") && bytes[6] == 0 && bytes[7] == 0
    }

    /// Reads the tensors of the safetensors file at `path` (mapped, header only).
    /// - Throws: ``ImportError`` naming the file and the problem (header longer than the file,
    ///   invalid JSON, unknown dtype, negative or overflowing shape, overlapping or out-of-range
    ///   offsets, a truncated data section).
    public static func read(contentsOf path: String) throws(ImportError) -> WeightFile {
        try read(MappedFile.map(path), file: path)
    }

    /// Reads `data`, the bytes of `file`.
    public static func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        func fail(_ problem: String) -> ImportError { ImportError(file: file, problem: "safetensors: " + problem) }
        var cursor = ByteCursor(data)
        let length: UInt64
        do { length = try cursor.u64("the header length") } catch { throw fail("too short: the file is \(data.count) bytes") }
        guard length <= UInt64(maximumHeaderLength) else {
            throw fail("header length \(length) is over the library's limit of \(maximumHeaderLength) bytes")
        }
        guard Int(length) <= cursor.remaining else {
            throw fail("header length \(length) is larger than the rest of the file (\(cursor.remaining) bytes)")
        }
        let headerData: Data
        do { headerData = try cursor.bytes(Int(length), what: "the header") } catch { throw fail(error.reason) }
        guard headerData.first == UInt8(ascii: "{") else { throw fail("the header does not start with '{'") }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: headerData, options: []) as? [String: Any] else {
                throw fail("the header is not a JSON object")
            }
            object = parsed
        } catch let error as ImportError {
            throw error
        } catch {
            throw fail("the header is not valid JSON (\(JSONProblem.describe(error)))")
        }
        var metadata: [(key: String, value: String)] = []
        var entries: [(tensor: Tensor, begin: Int, end: Int)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let pairs = value as? [String: Any] else { throw fail("__metadata__ is not an object of strings") }
                for (key, item) in pairs.sorted(by: { $0.key < $1.key }) {
                    guard let text = item as? String else { throw fail("__metadata__ '\(key)' is not a string") }
                    metadata.append((key, text))
                }
                continue
            }
            entries.append(try entry(name: name, value, fail: fail))
        }
        entries.sort { ($0.begin, $0.end, $0.tensor.name) < ($1.begin, $1.end, $1.tensor.name) }
        var position = 0
        for entry in entries {
            guard entry.begin == position else {
                throw fail(entry.begin < position
                    ? "tensor '\(entry.tensor.name)' overlaps the previous tensor (offset \(entry.begin), previous end \(position))"
                    : "tensor '\(entry.tensor.name)' starts at \(entry.begin), leaving a gap after \(position)")
            }
            position = entry.end
        }
        let dataStart = 8 + Int(length)
        let present = data.count - dataStart
        var warnings: [String] = []
        if present == 0 && position > 0 {
            warnings.append("header only: the data section (\(position) bytes) is absent; counts and bytes are the header's")
        } else if present < position {
            throw fail("the data section is truncated: tensors end at byte \(position) of it, the file holds \(present)")
        } else if present > position {
            throw fail("the data section holds \(present) bytes but the tensors end at \(position)")
        }
        // The file's order: by offset (the order the writer laid them out).
        return WeightFile(format: "safetensors", tensors: entries.map(\.tensor), metadata: metadata, warnings: warnings)
    }

    private static func entry(
        name: String, _ value: Any, fail: (String) -> ImportError
    ) throws(ImportError) -> (tensor: Tensor, begin: Int, end: Int) {
        guard let info = value as? [String: Any] else { throw fail("tensor '\(name)' is not an object") }
        guard let dtypeName = info["dtype"] as? String else { throw fail("tensor '\(name)' has no dtype") }
        guard let dtype = TensorDType.safetensors[dtypeName] else {
            throw fail("tensor '\(name)' has unknown dtype '\(dtypeName)'")
        }
        guard let shapeValues = info["shape"] as? [Any] else { throw fail("tensor '\(name)' has no shape list") }
        var shape: [Int] = []
        for item in shapeValues {
            guard let number = item as? NSNumber, let dimension = Int(exactly: number.doubleValue), dimension >= 0
            else { throw fail("tensor '\(name)' has an invalid shape dimension \(item)") }
            shape.append(dimension)
        }
        guard let elements = TensorNames.elements(shape) else {
            throw fail("tensor '\(name)' has a shape \(shape) whose element count overflows")
        }
        guard let offsets = info["data_offsets"] as? [Any], offsets.count == 2,
              let begin = (offsets[0] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
              let end = (offsets[1] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
              begin >= 0, end >= begin
        else { throw fail("tensor '\(name)' has invalid data_offsets") }
        guard let bytes = dtype.storedBytes(elements: elements) else {
            throw fail("tensor '\(name)': \(elements) elements are not a whole number of \(dtypeName) blocks")
        }
        guard end - begin == bytes else {
            throw fail("tensor '\(name)': data_offsets span \(end - begin) bytes, but \(shape) of \(dtypeName) needs \(bytes)")
        }
        return (TensorNames.tensor(name: name, dtype: dtypeName, shape: shape, elements: elements, bytes: bytes), begin, end)
    }
}

enum JSONProblem {
    /// Foundation's JSON error in one line.
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let debug = nsError.userInfo["NSDebugDescription"] as? String { return debug }
        return nsError.localizedDescription
    }
}
