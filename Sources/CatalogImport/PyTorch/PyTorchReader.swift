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
        var found = Findings()
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
                // The entry's bytes must lie in the file (Python's zipfile raises EOFError reading
                // past the end): a truncated download keeps its directory, not its storages.
                do throws(ZipReader.Failure) { _ = try zip.dataRange(of: stored) } catch {
                    throw .init(reason: "storage '\(storage.key)': \(error.reason)")
                }
                // A stored (method 0) entry holds exactly its compressed bytes, whatever size it declares.
                let held = stored.method == 0 ? min(stored.compressedSize, stored.uncompressedSize) : stored.uncompressedSize
                let needed = storage.count.multipliedReportingOverflow(by: dtypeBytes)
                guard !needed.overflow, held >= needed.partialValue else {
                    throw .init(reason: "storage '\(storage.key)' (\(stored.name)) holds \(held) bytes, fewer than its \(storage.count) elements need")
                }
                return .storage(storage)
            }
            let value = try machine.load()
            globals += machine.globals
            try walk(value, path: root, into: &found)
        }
        return try assemble(format: isTorchScript ? "torchscript" : "pytorch", found: found)
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
        var found = Findings()
        try walk(value, path: [], into: &found)
        // The raw storages follow, each an 8-byte element count then its bytes: step over them
        // (checking the file holds them) without reading them.
        var cursor = ByteCursor(data, offset: keysMachine.offset)
        let types = Dictionary(found.tensors.compactMap { $0.tensor.storage.map { ($0.key, $0.type) } }, uniquingKeysWith: { a, _ in a })
        for key in keys {
            let count = try cursor.length("the size of storage '\(key)'")
            let bytes = PyTorchDTypes.bytes(of: PyTorchDTypes.name(ofStorage: types[key] ?? "") ?? "") ?? 1
            let (size, overflow) = count.multipliedReportingOverflow(by: bytes)
            guard !overflow else { throw ByteCursor.Failure(reason: "storage '\(key)' is too large") }
            try cursor.skip(size, what: "storage '\(key)'")
        }
        return try assemble(format: "pytorch", found: found)
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

    /// Most tensors one checkpoint may list. The largest published checkpoints hold some 10^5
    /// tensors (a mixture-of-experts model with hundreds of experts per layer); a pickle listing
    /// more is a reference bomb (one tensor under millions of keys), not a model.
    static let maximumTensors = 1_000_000

    /// What the tensor search found: tensors and scalar entries with their key paths, and the
    /// containers it reached a second time.
    struct Findings {
        var tensors: [(path: [String], tensor: PickledTensor)] = []
        var others: [(path: [String], value: PickleValue)] = []
        /// The first containers reached again (the same object under a second path), with the
        /// path they were first walked under.
        var repeats: [(path: [String], first: [String])] = []
        /// All containers reached again.
        var repeatCount = 0
    }

    /// Collects tensors and scalar entries with their key paths, depth first in the pickle's order.
    ///
    /// Iterative (an explicit work list), so no nesting can overflow the stack. Each container
    /// (list, tuple, dict, object) is walked once: a pickle refers to one object many times
    /// through its memo, and walking every reference would list 2^64 tensors for 64 lists that
    /// each hold the previous one twice (Python shares them; so does this). A tensor reached
    /// under two keys is listed under both (tied weights). Throws past
    /// ``PickleMachine/maximumDepth`` levels (a container filled after it was nested can escape
    /// the machine's height count) or ``maximumTensors`` tensors.
    private static func walk(_ root: PickleValue, path rootPath: [String], into found: inout Findings) throws(PickleMachine.Failure) {
        var pending: [(value: PickleValue, path: [String], depth: Int)] = [(root, rootPath, 0)]
        var firstPath: [ObjectIdentifier: [String]] = [:]
        while let (value, path, depth) = pending.popLast() {
            guard depth <= PickleMachine.maximumDepth else { throw PickleMachine.tooDeep }
            let identity: ObjectIdentifier? =
                switch value {
                case .list(let list): ObjectIdentifier(list)
                case .tuple(let tuple): ObjectIdentifier(tuple)
                case .dict(let dict): ObjectIdentifier(dict)
                case .object(let object): ObjectIdentifier(object)
                default: nil
                }
            if let identity {
                if let first = firstPath[identity] {
                    if found.repeats.count < 20 { found.repeats.append((path, first)) }
                    found.repeatCount += 1
                    continue
                }
                firstPath[identity] = path
            }
            var children: [(value: PickleValue, path: [String])] = []
            switch value {
            case .tensor(let tensor):
                guard found.tensors.count < maximumTensors else {
                    throw .init(reason: "more than \(maximumTensors) tensors (the largest checkpoints hold some 10^5): refused as a reference bomb")
                }
                found.tensors.append((path, tensor))
            case .dict(let dict):
                for entry in dict.entries {
                    let key = entry.key.text ?? entry.key.intValue.map(String.init) ?? "?"
                    let next = ["_parameters", "_buffers", "_modules"].contains(key) ? path : path + [key]
                    children.append((entry.value, next))
                }
            case .list(let list):
                for (index, item) in list.items.enumerated() { children.append((item, path + [String(index)])) }
            case .tuple(let tuple):
                for (index, item) in tuple.items.enumerated() { children.append((item, path + [String(index)])) }
            case .object(let object):
                if let state = object.state { children.append((state, path)) }
                children.append((.dict(object.dictionary), path))
            case .int, .float, .string, .bool:
                if path.count <= 2 { found.others.append((path, value)) }
            default: break
            }
            for child in children.reversed() { pending.append((child.value, child.path, depth + 1)) }
        }
    }

    /// The warning for containers reached again that hold tensors: those tensors are listed
    /// once, under the first path. Nil when none of the (first 20) repeats holds a tensor.
    private static func repeatWarning(_ found: Findings) -> String? {
        func shown(_ path: [String]) -> String { path.isEmpty ? "(the top level)" : "'" + path.joined(separator: ".") + "'" }
        var described: [String] = []
        for (path, first) in found.repeats {
            let count = found.tensors.count { $0.path.starts(with: first) }
            if count > 0, described.count < 5 { described.append("\(shown(path)) is \(shown(first)) (\(count) tensor(s))") }
        }
        guard !described.isEmpty else { return nil }
        let more = found.repeatCount > found.repeats.count ? "; \(found.repeatCount - found.repeats.count) more references not shown" : ""
        return "\(found.repeatCount) reference(s) reach a container already walked (the same pickled object under a second key); its tensors are listed once, under the first key: "
            + described.joined(separator: ", ") + more
    }

    private static func assemble(format: String, found: Findings) throws -> WeightFile {
        var tensors: [Tensor] = []
        var warnings: [String] = []
        var firstViewer: [String: (name: String, full: Bool)] = [:]
        var trainingState = (tensors: 0, elements: 0, sections: Set<String>())
        for (path, pickled) in found.tensors {
            let name = path.joined(separator: ".")
            guard let elements = TensorNames.elements(pickled.shape) else {
                throw PickleMachine.Failure(reason: "tensor '\(name)' has a shape \(pickled.shape) whose element count overflows")
            }
            let itemSize = PyTorchDTypes.bytes(of: pickled.dtype)
            let bytes = itemSize.map { elements &* $0 }
            var tensor = TensorNames.tensor(name: name, dtype: pickled.dtype, shape: pickled.shape, elements: elements, bytes: bytes)
            if let storage = pickled.storage {
                let storageElements = storage.type.hasSuffix("UntypedStorage") ? storage.count / max(itemSize ?? 1, 1) : storage.count
                guard let extent = extent(of: pickled) else {
                    throw PickleMachine.Failure(reason: "tensor '\(name)' of size \(pickled.shape), stride \(pickled.stride ?? []) from offset \(pickled.offset) reaches past 64-bit element indexes")
                }
                guard extent <= storageElements else {
                    let layout = pickled.stride.map { "size \(pickled.shape), stride \($0)" } ?? "size \(pickled.shape)"
                    throw PickleMachine.Failure(reason: "tensor '\(name)' (\(layout), offset \(pickled.offset)) reaches element \(extent) of a storage of \(storageElements); torch's set_ needs offset + Σ(size−1)·stride + 1 ≤ the storage's elements")
                }
                if extent > 0, elements > extent - pickled.offset {
                    warnings.append("'\(name)' is an overlapping view (size \(pickled.shape), stride \(pickled.stride ?? [])): its \(elements) elements read \(extent - pickled.offset) stored ones; counted as \(elements), its numel")
                }
                let full = pickled.offset == 0 && extent == storageElements && elements == storageElements
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
        if let repeated = repeatWarning(found) { warnings.append(repeated) }
        let metadata = found.others.map { (key: $0.path.joined(separator: "."), value: describe($0.value)) }
        return WeightFile(format: format, tensors: tensors, metadata: metadata, warnings: warnings)
    }

    /// The storage elements a view needs, torch's rule: offset + Σ(size−1)·stride + 1, or 0 when
    /// a size is 0 (then any storage will do): `computeStorageNbytes` (aten/src/ATen/EmptyTensor.cpp)
    /// as `checkInBoundsForStorage` (aten/src/ATen/native/Resize.h) applies it to `set_`. Without
    /// strides the view is contiguous (offset + elements). Nil when the sum overflows `Int`.
    static func extent(of tensor: PickledTensor) -> Int? {
        guard !tensor.shape.contains(0) else { return 0 }
        guard let stride = tensor.stride else {
            guard let elements = TensorNames.elements(tensor.shape) else { return nil }
            let (sum, overflow) = tensor.offset.addingReportingOverflow(elements)
            return overflow ? nil : sum
        }
        var total = tensor.offset
        var overflow = false
        (total, overflow) = total.addingReportingOverflow(1)
        guard !overflow else { return nil }
        for (size, step) in zip(tensor.shape, stride) {
            let (reach, productOverflow) = (size - 1).multipliedReportingOverflow(by: step)
            guard !productOverflow else { return nil }
            (total, overflow) = total.addingReportingOverflow(reach)
            guard !overflow else { return nil }
        }
        return total
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
