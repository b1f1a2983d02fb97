import CatalogCore
import Foundation

/// Reads a PyTorch checkpoint's tensors without executing it: `torch.save` zip archives
/// (`<name>/data.pkl` plus one `<name>/data/<key>` entry per storage), the legacy non-zip format
/// (a magic number, protocol and system pickles, the object's pickle, the storage keys, then the
/// raw storages) and TorchScript archives (`data.pkl` and `constants.pkl` of `torch.jit.save`).
///
/// Layouts from `torch/serialization.py` (`_save`, `_legacy_save`, `_load`) and
/// `torch/_utils.py`. Only the pickles and the archive's directory are read; storages are
/// checked to exist with at least the bytes their tensors need, never read. Names are the
/// dictionary keys joined by `.` (`model.0.weight`); a module pickled whole has its
/// `_parameters` / `_buffers` / `_modules` levels left out of the names.
public enum PyTorchReader {
    /// Largest pickle accepted (bytes): a checkpoint's pickle holds names and shapes only.
    static let maximumPickleSize = 256 * 1024 * 1024
    /// The legacy format's magic number (`MAGIC_NUMBER` in `torch/serialization.py`).
    static let legacyMagic: [UInt8] = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]

    /// Top-level keys of a training checkpoint whose tensors are not the model's: listed and
    /// counted (every stored element is), as non-trainable, and summarised in a warning.
    static let trainingStateKeys: Set<String> = [
        "optimizer", "optimizer_state_dict", "optimizer_states", "optim", "opt", "scheduler", "lr_scheduler",
        "lr_schedulers", "scaler", "grad_scaler", "amp",
    ]

    /// Whether `head` starts like a legacy (non-zip) `torch.save` file: a pickle whose first
    /// value is the magic number.
    public static func recognizesLegacy(_ head: Data) -> Bool {
        head.count >= 14 && head[head.startIndex] == 0x80 && Array(head.dropFirst(2).prefix(12)) == legacyMagic
    }

    /// Reads the checkpoint at `path` (mapped, pickles and directory only).
    /// - Throws: ``ImportError`` naming the file and the problem: an unsafe global (naming it),
    ///   a malformed pickle or archive, a storage missing or shorter than its tensors.
    public static func read(contentsOf path: String) throws(ImportError) -> WeightFile {
        try read(MappedFile.map(path), file: path)
    }

    /// Reads `data`, the bytes of `file`.
    public static func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        func fail(_ problem: String) -> ImportError { ImportError(file: file, problem: "PyTorch: " + problem) }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            do { return try readZip(data) } catch let failure as ZipReader.Failure {
                throw fail("damaged archive: " + failure.reason)
            } catch let failure as PickleMachine.Failure {
                throw fail(failure.reason)
            } catch {
                throw fail("\(error)")
            }
        }
        if recognizesLegacy(data) {
            do { return try readLegacy(data) } catch let failure as PickleMachine.Failure {
                throw fail(failure.reason)
            } catch let failure as ByteCursor.Failure {
                throw fail(failure.reason)
            } catch {
                throw fail("\(error)")
            }
        }
        throw fail("not a torch.save file (neither a zip archive nor the legacy format's magic number)")
    }

    // MARK: - Zip archives

    private static func readZip(_ data: Data) throws -> WeightFile {
        let zip = try ZipReader(data)
        guard let pickleEntry = zip.entries.first(where: { $0.name.hasSuffix("data.pkl") && $0.name.split(separator: "/").count == 2 })
            ?? zip.entries.first(where: { $0.name == "data.pkl" })
        else { throw PickleMachine.Failure(reason: "the archive has no data.pkl: not a torch.save file") }
        let prefix = String(pickleEntry.name.dropLast("data.pkl".count))
        let isTorchScript = zip.entries.contains { $0.name.hasPrefix(prefix + "code/") || $0.name == prefix + "constants.pkl" }
        let entries = Dictionary(zip.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var tensors: [(path: [String], tensor: PickledTensor)] = []
        var others: [(path: [String], value: PickleValue)] = []
        var globals: [String] = []
        var pickles = [("data.pkl", [String]())]
        if isTorchScript, entries[prefix + "constants.pkl"] != nil { pickles.append(("constants.pkl", ["constants"])) }
        for (name, root) in pickles {
            guard let entry = entries[prefix + name] else { continue }
            let bytes = try zip.contents(of: entry, limit: maximumPickleSize)
            let storageFolder = name == "constants.pkl" ? "constants/" : "data/"
            var machine = PickleMachine(bytes) { (id: PickleValue) throws(PickleMachine.Failure) -> PickleValue in
                let storage = try Self.storage(id)
                let dtypeBytes = PyTorchDTypes.bytes(of: PyTorchDTypes.name(ofStorage: storage.type) ?? "") ?? 1
                guard let stored = entries[prefix + storageFolder + storage.key] ?? entries[prefix + "data/" + storage.key] else {
                    throw .init(reason: "storage '\(storage.key)' has no entry \(prefix)\(storageFolder)\(storage.key) in the archive")
                }
                let needed = storage.count.multipliedReportingOverflow(by: dtypeBytes)
                guard !needed.overflow, stored.uncompressedSize >= needed.partialValue else {
                    throw .init(reason: "storage '\(storage.key)' holds \(stored.uncompressedSize) bytes, fewer than its \(storage.count) elements need")
                }
                return .storage(storage)
            }
            let value = try machine.load()
            globals += machine.globals
            walk(value, path: root, tensors: &tensors, others: &others)
        }
        return try assemble(format: isTorchScript ? "torchscript" : "pytorch", tensors: tensors, others: others)
    }

    // MARK: - Legacy format

    private static func readLegacy(_ data: Data) throws -> WeightFile {
        let refuseStorage: (PickleValue) throws(PickleMachine.Failure) -> PickleValue = { (_: PickleValue) throws(PickleMachine.Failure) -> PickleValue in
            throw PickleMachine.Failure(reason: "a storage reference in the legacy header")
        }
        var offset = 0
        for _ in 0..<3 {  // magic number, protocol version, system info
            var machine = PickleMachine(data, offset: offset, persistentLoad: refuseStorage)
            _ = try machine.load()
            offset = machine.offset
        }
        var main = PickleMachine(data, offset: offset) { (id: PickleValue) throws(PickleMachine.Failure) -> PickleValue in
            .storage(try Self.storage(id))
        }
        let value = try main.load()
        var keysMachine = PickleMachine(data, offset: main.offset, persistentLoad: refuseStorage)
        let keys = try keysMachine.load().items?.compactMap(\.text) ?? []
        var tensors: [(path: [String], tensor: PickledTensor)] = []
        var others: [(path: [String], value: PickleValue)] = []
        walk(value, path: [], tensors: &tensors, others: &others)
        // The raw storages follow, each an 8-byte element count then its bytes: step over them
        // (checking the file holds them) without reading them.
        var cursor = ByteCursor(data, offset: keysMachine.offset)
        let types = Dictionary(tensors.compactMap { $0.tensor.storage.map { ($0.key, $0.type) } }, uniquingKeysWith: { a, _ in a })
        for key in keys {
            let count = try cursor.length("the size of storage '\(key)'")
            let bytes = PyTorchDTypes.bytes(of: PyTorchDTypes.name(ofStorage: types[key] ?? "") ?? "") ?? 1
            let (size, overflow) = count.multipliedReportingOverflow(by: bytes)
            guard !overflow else { throw ByteCursor.Failure(reason: "storage '\(key)' is too large") }
            try cursor.skip(size, what: "storage '\(key)'")
        }
        return try assemble(format: "pytorch", tensors: tensors, others: others)
    }

    /// A persistent id `('storage', storage_type, key, location, numel[, view_metadata])`.
    private static func storage(_ id: PickleValue) throws(PickleMachine.Failure) -> PickledStorage {
        guard let items = id.items, items.count >= 5, items[0].text == "storage" else {
            throw .init(reason: "a persistent id that is not a storage")
        }
        guard let type = items[1].globalName else { throw .init(reason: "a storage without a storage class") }
        let key = items[2].text ?? items[2].intValue.map(String.init) ?? ""
        guard let count = items[4].intValue, count >= 0 else { throw .init(reason: "storage '\(key)' has an invalid size") }
        return PickledStorage(type: type, key: key, count: count)
    }

    // MARK: - Naming

    /// Collects tensors and scalar entries with their key paths.
    private static func walk(
        _ value: PickleValue, path: [String], tensors: inout [(path: [String], tensor: PickledTensor)],
        others: inout [(path: [String], value: PickleValue)], depth: Int = 0
    ) {
        guard depth < 200 else { return }
        switch value {
        case .tensor(let tensor): tensors.append((path, tensor))
        case .dict(let dict):
            for entry in dict.entries {
                let key = entry.key.text ?? entry.key.intValue.map(String.init) ?? "?"
                let next = ["_parameters", "_buffers", "_modules"].contains(key) ? path : path + [key]
                walk(entry.value, path: next, tensors: &tensors, others: &others, depth: depth + 1)
            }
        case .list(let list):
            for (index, item) in list.items.enumerated() { walk(item, path: path + [String(index)], tensors: &tensors, others: &others, depth: depth + 1) }
        case .tuple(let items):
            for (index, item) in items.enumerated() { walk(item, path: path + [String(index)], tensors: &tensors, others: &others, depth: depth + 1) }
        case .object(let object):
            if let state = object.state { walk(state, path: path, tensors: &tensors, others: &others, depth: depth + 1) }
            walk(.dict(object.dictionary), path: path, tensors: &tensors, others: &others, depth: depth + 1)
        case .int, .float, .string, .bool:
            if path.count <= 2 { others.append((path, value)) }
        default: break
        }
    }

    private static func assemble(
        format: String, tensors found: [(path: [String], tensor: PickledTensor)], others: [(path: [String], value: PickleValue)]
    ) throws -> WeightFile {
        var tensors: [Tensor] = []
        var warnings: [String] = []
        var firstViewer: [String: (name: String, full: Bool)] = [:]
        var trainingState = (tensors: 0, elements: 0, sections: Set<String>())
        for (path, pickled) in found {
            let name = path.joined(separator: ".")
            guard let elements = TensorNames.elements(pickled.shape) else {
                throw PickleMachine.Failure(reason: "tensor '\(name)' has a shape \(pickled.shape) whose element count overflows")
            }
            let itemSize = PyTorchDTypes.bytes(of: pickled.dtype)
            let bytes = itemSize.map { elements &* $0 }
            var tensor = TensorNames.tensor(name: name, dtype: pickled.dtype, shape: pickled.shape, elements: elements, bytes: bytes)
            if let storage = pickled.storage {
                let storageElements = storage.type.hasSuffix("UntypedStorage") ? storage.count / max(itemSize ?? 1, 1) : storage.count
                guard pickled.offset <= storageElements, elements <= storageElements - pickled.offset || elements == 0 else {
                    throw PickleMachine.Failure(reason: "tensor '\(name)' needs \(elements) elements from offset \(pickled.offset) of a storage of \(storageElements)")
                }
                let full = pickled.offset == 0 && elements == storageElements
                if let first = firstViewer[storage.key] {
                    if full && first.full {
                        tensor.uncountedReason = "shares its storage with '\(first.name)' (stored once)"
                    } else {
                        warnings.append("'\(name)' and '\(first.name)' view parts of one storage of \(storageElements) elements; each tensor is counted")
                    }
                } else {
                    firstViewer[storage.key] = (name, full)
                }
            }
            if let section = path.first, path.count > 1, trainingStateKeys.contains(section) {
                tensor.isBuffer = true  // training state: stored, counted, never trainable
                trainingState.tensors += 1
                trainingState.elements += elements
                trainingState.sections.insert(section)
            }
            tensors.append(tensor)
        }
        let shared = tensors.filter { $0.uncountedReason?.hasPrefix("shares") == true }
        if !shared.isEmpty {
            warnings.append("\(shared.count) tensor(s) share a storage with another and are counted once: " + shared.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        if trainingState.tensors > 0 {
            warnings.append("\(trainingState.sections.sorted().joined(separator: ", ")): \(trainingState.tensors) tensors, \(trainingState.elements) elements of training state (counted with the stored elements, as non-trainable; not model weights)")
        }
        let metadata = others.map { (key: $0.path.joined(separator: "."), value: describe($0.value)) }
        return WeightFile(format: format, tensors: tensors, metadata: metadata, warnings: warnings)
    }

    private static func describe(_ value: PickleValue) -> String {
        switch value {
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        default: ""
        }
    }
}
