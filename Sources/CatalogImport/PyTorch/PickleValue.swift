import Foundation

/// A value rebuilt by ``PickleMachine``: data only. Classes are names, never imported; objects
/// are opaque records of their class, arguments and state.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer wider than 64 bits (LONG1/LONG4), kept as its little-endian bytes.
    case bigInt(Data)
    case float(Double)
    case string(String)
    case bytes(Data)
    case list(PickleList)
    case tuple([PickleValue])
    case dict(PickleDict)
    /// A GLOBAL / STACK_GLOBAL: `module.name`, not imported.
    case global(module: String, name: String)
    /// An instance of a class the reader does not interpret (a module class, `__torch__.*`).
    case object(PickleObject)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2` and its kin.
    case tensor(PickledTensor)
    /// A storage named by a persistent id (BINPERSID).
    case storage(PickledStorage)

    var text: String? { if case .string(let value) = self { value } else { nil } }
    var intValue: Int? { if case .int(let value) = self { value } else if case .bool(let flag) = self { flag ? 1 : 0 } else { nil } }
    var items: [PickleValue]? {
        switch self {
        case .tuple(let items): items
        case .list(let list): list.items
        default: nil
        }
    }
    var globalName: String? { if case .global(let module, let name) = self { module + "." + name } else { nil } }
}

/// A mutable list (APPEND and SETITEM reach it through the memo).
final class PickleList {
    var items: [PickleValue]
    init(_ items: [PickleValue] = []) { self.items = items }
}

/// A mutable dictionary keeping insertion order (Python's dict and OrderedDict).
final class PickleDict {
    var entries: [(key: PickleValue, value: PickleValue)] = []
    init() {}
    func set(_ key: PickleValue, _ value: PickleValue) {
        if let text = key.text, let index = entries.firstIndex(where: { $0.key.text == text }) {
            entries[index].value = value
        } else {
            entries.append((key, value))
        }
    }
    subscript(key: String) -> PickleValue? { entries.first { $0.key.text == key }?.value }
}

/// An opaque instance: its class name, constructor arguments, BUILD state and the items
/// SETITEMS / APPENDS gave it.
final class PickleObject {
    let type: String
    var arguments: [PickleValue]
    var state: PickleValue?
    let dictionary = PickleDict()
    let list = PickleList()
    init(type: String, arguments: [PickleValue]) {
        self.type = type
        self.arguments = arguments
    }
}

/// A storage as its persistent id names it: `('storage', torch.FloatStorage, key, location,
/// numel)` (zip format; the legacy format adds a view description).
struct PickledStorage {
    /// The storage class's name (`FloatStorage`, `UntypedStorage`).
    var type: String
    var key: String
    /// Elements (bytes for `UntypedStorage`).
    var count: Int
}

/// A tensor as `_rebuild_tensor_v2(storage, storage_offset, size, stride, …)` describes it.
struct PickledTensor {
    var storage: PickledStorage?
    /// torch's dtype name (`float32`).
    var dtype: String
    var offset: Int
    var shape: [Int]
    var isParameter: Bool
}
