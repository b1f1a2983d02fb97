import CatalogCore
import Foundation

/// Reads a checkpoint folder, a sharded safetensors index, or one weight file, by path: the
/// format is told by the first bytes (safetensors, GGUF, zip or legacy `torch.save`), a folder
/// by the files in it. Only headers are read (each file is mapped), so the size of the weights
/// does not matter and no size limit applies.
public enum WeightFolderReader {
    /// Weight files a folder may hold, in the order they are looked for.
    static let indexNames = ["model.safetensors.index.json", "pytorch_model.bin.index.json"]
    static let singleNames = ["model.safetensors", "pytorch_model.bin", "model.pt", "model.pth"]

    /// Whether `path` is a weight file or a folder of them (as opposed to an architecture file).
    public static func recognizes(path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue { return weightsInFolder(path) != nil }
        if path.hasSuffix(".index.json") { return true }
        // A pipe or a device is not read here: its first bytes would be gone for the reader
        // that gets it (ArchitectureImporter reads it whole, then asks ``recognizes(_:)``).
        guard isRegularFile(path) else { return false }
        // A file named for its format is read by that format's reader, whose error then says
        // what is wrong (a header length of 0, a bad GGUF magic) instead of a text reader's.
        if namedFormat(path) != nil { return true }
        let head = self.head(path)
        return SafeTensorsReader.recognizes(head) || GGUFReader.recognizes(head) || PyTorchReader.recognizesLegacy(head)
            || (head.starts(with: [0x50, 0x4B, 0x03, 0x04]) && isTorchArchive(path))
    }

    /// The weight format a file's extension names: `.safetensors`, `.gguf`, or `.pt`/`.pth`
    /// (`torch.save`'s names; a file of either name that holds safetensors or GGUF bytes is still
    /// read as such) (case-insensitive); `nil` for any other name (`.bin` is told by its bytes).
    static func namedFormat(_ path: String) -> String? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".safetensors") { return "safetensors" }
        if lowered.hasSuffix(".gguf") { return "gguf" }
        if lowered.hasSuffix(".pt") || lowered.hasSuffix(".pth") { return "pytorch" }
        return nil
    }

    /// Whether `data` (a whole file, read from a pipe) is a safetensors, GGUF or `torch.save`
    /// file, told by its first bytes and, for a zip, a `data.pkl` entry.
    public static func recognizes(_ data: Data) -> Bool {
        let head = data.prefix(64)
        return SafeTensorsReader.recognizes(head) || GGUFReader.recognizes(head) || PyTorchReader.recognizesLegacy(head)
            || (head.starts(with: [0x50, 0x4B, 0x03, 0x04]) && isTorchArchive(data))
    }

    /// Reads `data`, the whole content of the weight file `file` (a pipe's bytes).
    /// - Throws: ``ImportError`` naming `file`, as each reader does.
    public static func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        let head = data.prefix(64)
        if SafeTensorsReader.recognizes(head) { return try SafeTensorsReader.read(data, file: file) }
        if GGUFReader.recognizes(head) { return try GGUFReader.read(data, file: file) }
        return try PyTorchReader.read(data, file: file)
    }

    /// Reads the weights at `path`.
    /// - Throws: ``ImportError`` naming the file at fault, as each reader does; for an index, a
    ///   shard it names that is missing or lacks a tensor the index maps to it.
    public static func read(contentsOf path: String) throws(ImportError) -> WeightFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, problem: "no such file", isMissingFile: true)
        }
        if isDirectory.boolValue {
            guard let found = weightsInFolder(path) else {
                throw ImportError(file: path, problem: "a folder without weights (model.safetensors, its index, pytorch_model.bin, *.gguf)")
            }
            var file = try read(contentsOf: found)
            file.hasConfig = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("config.json"))
            return file
        }
        if path.hasSuffix(".index.json") {
            var file = try readIndex(path)
            file.hasConfig = FileManager.default.fileExists(
                atPath: ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("config.json"))
            return file
        }
        let head = self.head(path)
        let named = namedFormat(path)
        if named == "safetensors" || (named != "gguf" && SafeTensorsReader.recognizes(head)) { return try SafeTensorsReader.read(contentsOf: path) }
        if named == "gguf" || GGUFReader.recognizes(head) { return try GGUFReader.read(contentsOf: path) }
        return try PyTorchReader.read(contentsOf: path)
    }

    /// The weights file or index to read in `folder`, if any.
    static func weightsInFolder(_ folder: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let ordered = indexNames + singleNames
        if let name = ordered.first(where: names.contains) { return (folder as NSString).appendingPathComponent(name) }
        let candidates = names.filter { $0.hasSuffix(".safetensors") || $0.hasSuffix(".gguf") }.sorted()
        return candidates.count == 1 ? (folder as NSString).appendingPathComponent(candidates[0]) : nil
    }

    /// A sharded checkpoint: `{"metadata": {"total_size": …}, "weight_map": {tensor: shard}}`
    /// (transformers' `save_pretrained` / huggingface_hub `split_torch_state_dict_into_shards`).
    /// Where and why `data` is not JSON (RFC 8259, as serde_json and Python's json read it), in
    /// the words of ``HeaderJSONScanner``; `nil` for valid JSON. (Foundation's error only says
    /// "the data is not in the correct format".)
    static func jsonProblem(_ data: Data) -> String? {
        var scanner = HeaderJSONScanner([UInt8](data))
        do throws(HeaderJSONScanner.Failure) {
            scanner.skipSpace()
            try scanner.skipValue(depth: 0)
            scanner.skipSpace()
            guard scanner.atEnd else { throw scanner.unexpected("the end of the text") }
            return nil
        } catch {
            guard let offset = error.offset else { return "not valid JSON: " + error.message }
            let (line, column) = scanner.position(offset)
            return "not valid JSON: line \(line) column \(column): \(error.message)"
        }
    }

    static func readIndex(_ path: String) throws(ImportError) -> WeightFile {
        let folder = (path as NSString).deletingLastPathComponent
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ImportError(file: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        let map: [String: String]
        let totalSize: Int?
        if let fast = plainIndex(data) {
            (map, totalSize) = fast
        } else {
            // Invalid JSON (a trailing comma, text after the object), as Python's json refuses it,
            // with where and why; JSONSerialization, which accepts a trailing comma, reads the rest.
            if let problem = Self.jsonProblem(data) {
                throw ImportError(file: path, problem: "not a checkpoint index: " + problem)
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let weightMap = object["weight_map"] as? [String: String]
            else { throw ImportError(file: path, problem: "not a checkpoint index: expected a \"weight_map\" object of tensor → shard") }
            map = weightMap
            totalSize = (object["metadata"] as? [String: Any])?["total_size"] as? Int
        }
        // The few distinct shards, sorted (sorting all 291 names of Llama-3-8B's map cost 0.5 M
        // instructions; hashing them, 0.2 M): a short list is searched, a long one hashed.
        var distinct: [String] = []
        for shard in map.values where !distinct.contains(shard) {
            distinct.append(shard)
            if distinct.count > 16 {
                distinct = Array(Set(map.values))
                break
            }
        }
        var shards: [String] = []
        for shard in distinct.sorted() {
            guard !shard.contains("/"), !shard.hasPrefix(".") else {
                throw ImportError(file: path, problem: "shard name '\(shard)' is not a file beside the index")
            }
            shards.append(shard)
        }
        var merged = WeightFile(format: "", tensors: [])
        var seen = Set<String>(minimumCapacity: map.count)
        for shard in shards {
            let shardPath = (folder as NSString).appendingPathComponent(shard)
            guard FileManager.default.fileExists(atPath: shardPath) else {
                throw ImportError(file: path, problem: "shard '\(shard)' named by the index is missing")
            }
            let file = try read(contentsOf: shardPath)
            merged.format = file.format
            for tensor in file.tensors {
                guard seen.insert(tensor.name).inserted else {
                    throw ImportError(file: shardPath, problem: "tensor '\(tensor.name)' is stored in two shards")
                }
                guard map[tensor.name] == shard else {
                    throw ImportError(file: shardPath, problem: "tensor '\(tensor.name)' is not mapped to this shard by the index")
                }
                merged.tensors.append(tensor)
            }
            if merged.metadata.isEmpty { merged.metadata = file.metadata }
            for warning in file.warnings where warning.hasPrefix("header only") {
                if !merged.warnings.contains(where: { $0.hasPrefix("header only") }) {
                    merged.warnings.append("header only: the shards' data sections are absent; counts and bytes are the headers'")
                }
            }
        }
        // Every tensor seen is one of the map's: the map has more only if some are missing.
        if seen.count < map.count, let missing = map.keys.sorted().first(where: { !seen.contains($0) }) {
            throw ImportError(file: path, problem: "tensor '\(missing)' is mapped to '\(map[missing]!)', which does not hold it")
        }
        if let totalSize, let bytes = merged.totalBytes, totalSize != bytes {
            merged.warnings.append("the index's total_size is \(totalSize) bytes; the shards' tensors take \(bytes)")
        }
        // Shards split a model anywhere: list its tensors in natural order (layer 2 before 10).
        NaturalOrder.sort(&merged.tensors, by: \.name)
        merged.metadata.append((key: "shards", value: String(shards.count)))
        return merged
    }

    /// An index's `weight_map` and `metadata.total_size`, read with ``HeaderJSONScanner`` when
    /// the text is plain: UTF-8 JSON, an object, `weight_map` an object of strings, no key twice
    /// where it matters, `total_size` absent, not a number, or a non-negative integer. Anything
    /// else gives nil, and `JSONSerialization` decides as before (bridging the index's values
    /// through it cost about 5 M instructions for 291 tensors: BENCHMARKS.md).
    static func plainIndex(_ data: Data) -> (map: [String: String], totalSize: Int?)? {
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var scanner = HeaderJSONScanner(bytes)
        var map: [String: String]?
        var totalSize: Int?
        var sawMetadata = false
        do {
            scanner.skipSpace()
            guard scanner.peek() == UInt8(ascii: "{") else { return nil }
            if try !scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 1) {
                repeat {
                    scanner.skipSpace()
                    let key = try scanner.string()
                    try scanner.expect(UInt8(ascii: ":"), "':'")
                    scanner.skipSpace()
                    switch key {
                    case "weight_map":
                        guard map == nil, scanner.peek() == UInt8(ascii: "{") else { return nil }
                        // About 70 bytes of index a tensor: room enough that the table rarely grows.
                        var entries = [String: String](minimumCapacity: bytes.count / 70)
                        if try !scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 2) {
                            repeat {
                                scanner.skipSpace()
                                let tensor = try scanner.string()
                                try scanner.expect(UInt8(ascii: ":"), "':'")
                                scanner.skipSpace()
                                guard scanner.peek() == UInt8(ascii: "\"") else { return nil }
                                if entries.updateValue(try scanner.string(), forKey: tensor) != nil { return nil }
                            } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
                        }
                        map = entries
                    case "metadata":
                        guard !sawMetadata else { return nil }
                        sawMetadata = true
                        guard scanner.peek() == UInt8(ascii: "{") else {
                            try scanner.skipValue(depth: 1)
                            continue
                        }
                        var sawTotal = false
                        if try !scanner.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 2) {
                            repeat {
                                scanner.skipSpace()
                                let field = try scanner.string()
                                try scanner.expect(UInt8(ascii: ":"), "':'")
                                scanner.skipSpace()
                                guard field == "total_size" else {
                                    try scanner.skipValue(depth: 2)
                                    continue
                                }
                                guard !sawTotal else { return nil }
                                sawTotal = true
                                guard let byte = scanner.peek() else { return nil }
                                if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                                    guard let value = try scanner.number().unsigned, value <= UInt64(Int.max) else { return nil }
                                    totalSize = Int(value)
                                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "n") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                                    try scanner.skipValue(depth: 2)
                                } else {
                                    return nil
                                }
                            } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
                        }
                    default:
                        try scanner.skipValue(depth: 1)
                    }
                } while try scanner.next(close: UInt8(ascii: "}"), "',' or '}'")
            }
            scanner.skipSpace()
            guard scanner.atEnd, let map else { return nil }
            return (map, totalSize)
        } catch {
            return nil
        }
    }

    private static func head(_ path: String) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 64)) ?? Data()
    }

    /// A zip holding `*/data.pkl` (torch.save's archive) rather than a Keras config.
    private static func isTorchArchive(_ path: String) -> Bool {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: [.alwaysMapped]) else { return false }
        return isTorchArchive(data)
    }

    private static func isTorchArchive(_ data: Data) -> Bool {
        guard let zip = try? ZipReader(data) else { return false }
        return zip.entries.contains { $0.name.hasSuffix("data.pkl") }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
