import Foundation

/// A value rebuilt by ``PickleMachine``: data only. Classes are names, never imported; objects
/// are opaque records of their class, arguments and state.
///
/// Every container (list, tuple, dict, object) is a class, so a container the pickle reuses
/// through its memo is one object however often it is reached (``PyTorchReader`` walks it
/// once), and each carries its ``height`` so that nesting is refused as it is built. Containers
/// free their contents without recursion (``PickleTeardown``): a chain of nested containers of
/// any depth cannot overflow the stack when it is released.
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
    case tuple(PickleTuple)
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
        case .tuple(let tuple): tuple.items
        case .list(let list): list.items
        default: nil
        }
    }
    var globalName: String? { if case .global(let module, let name) = self { module + "." + name } else { nil } }

    /// Levels of containers in this value as recorded when it was built: 0 for a scalar, 1 for an
    /// empty container, 1 + the highest child's height otherwise. Read from the container, never
    /// computed by descending into it.
    var height: Int {
        switch self {
        case .list(let list): list.height
        case .tuple(let tuple): tuple.height
        case .dict(let dict): dict.height
        case .object(let object): object.height
        default: 0
        }
    }

    /// Whether this value holds other values (and so may need ``PickleTeardown``).
    var isContainer: Bool { height > 0 }

    /// The highest ``height`` among `values` (0 for none).
    static func maximumHeight<S: Sequence>(_ values: S) -> Int where S.Element == PickleValue {
        values.reduce(0) { Swift.max($0, $1.height) }
    }
}

/// An immutable tuple (TUPLE, TUPLE1–3, EMPTY_TUPLE, `torch.Size`).
final class PickleTuple {
    fileprivate(set) var items: [PickleValue]
    /// See ``PickleValue/height``.
    let height: Int
    init(_ items: [PickleValue]) {
        self.items = items
        height = 1 + PickleValue.maximumHeight(items)
    }
    deinit { PickleTeardown.release(&items) }
}

/// A mutable list (APPEND and SETITEM reach it through the memo).
final class PickleList {
    fileprivate(set) var items: [PickleValue]
    /// See ``PickleValue/height``; raised by ``append(contentsOf:)``.
    private(set) var height: Int
    init(_ items: [PickleValue] = []) {
        self.items = items
        height = 1 + PickleValue.maximumHeight(items)
    }
    /// Appends `newItems` (APPEND, APPENDS, ADDITEMS) and raises the height to hold them.
    func append(contentsOf newItems: [PickleValue]) {
        items.append(contentsOf: newItems)
        height = max(height, 1 + PickleValue.maximumHeight(newItems))
    }
    deinit { PickleTeardown.release(&items) }
}

/// A mutable dictionary keeping insertion order (Python's dict and OrderedDict).
///
/// String keys are indexed, so SETITEMS of n keys costs O(n), not O(n²).
final class PickleDict {
    fileprivate(set) var entries: [(key: PickleValue, value: PickleValue)] = []
    /// Position in `entries` of each string key.
    private var positions: [String: Int] = [:]
    /// See ``PickleValue/height``; raised by ``set(_:_:)``.
    private(set) var height = 1
    init() {}
    /// Sets `key` to `value`: a string key already present keeps its place (Python's dict).
    func set(_ key: PickleValue, _ value: PickleValue) {
        height = max(height, 1 + max(key.height, value.height))
        if let text = key.text {
            if let index = positions[text] {
                entries[index].value = value
                return
            }
            positions[text] = entries.count
        }
        entries.append((key, value))
    }
    subscript(key: String) -> PickleValue? { positions[key].map { entries[$0].value } }
    deinit {
        guard entries.contains(where: { $0.key.isContainer || $0.value.isContainer }) else { return }
        var values: [PickleValue] = []
        values.reserveCapacity(entries.count * 2)
        for entry in entries { values.append(entry.key); values.append(entry.value) }
        entries = []
        PickleTeardown.release(&values)
    }
}

/// An opaque instance: its class name, constructor arguments, BUILD state and the items
/// SETITEMS / APPENDS gave it.
final class PickleObject {
    let type: String
    fileprivate(set) var arguments: [PickleValue]
    /// The BUILD state; set with ``build(_:)``.
    fileprivate(set) var state: PickleValue?
    let dictionary = PickleDict()
    let list = PickleList()
    /// See ``PickleValue/height``; raised by ``build(_:)`` and ``noteContentsChanged()``.
    private(set) var height: Int
    init(type: String, arguments: [PickleValue]) {
        self.type = type
        self.arguments = arguments
        height = 1 + PickleValue.maximumHeight(arguments)
    }
    /// Sets the BUILD state.
    func build(_ state: PickleValue) {
        self.state = state
        height = max(height, 1 + state.height)
    }
    /// Raises the height after ``dictionary`` or ``list`` grew.
    func noteContentsChanged() {
        height = max(height, 1 + max(dictionary.height, list.height))
    }
    deinit {
        var values = arguments
        arguments = []
        if let state { values.append(state) }
        state = nil
        PickleTeardown.release(&values)
    }
}

/// Frees nested containers with a loop instead of recursion.
///
/// Swift releases a class's stored properties when it is freed, so a list inside a list inside
/// a list… 40,000 deep is freed by 40,000 nested `deinit`s and overflows the stack (a crafted
/// 200 KB pickle did). Here each container, as it is freed, moves the contents of every child
/// it holds the last reference to into a work list, so the children are freed empty.
enum PickleTeardown {
    /// Releases `values` (left empty), taking apart iteratively every container that dies with them.
    static func release(_ values: inout [PickleValue]) {
        guard values.contains(where: \.isContainer) else { return }
        var pending: [PickleValue] = []
        swap(&pending, &values)
        while !pending.isEmpty {
            var value = pending.removeLast()
            // Take the reference out of the enum (its case binding is a copy that lives until the
            // end of the `switch`), then drop the enum's own, so a dying container is seen unique.
            var list: PickleList?, tuple: PickleTuple?, dict: PickleDict?, object: PickleObject?
            switch value {
            case .list(let value): list = value
            case .tuple(let value): tuple = value
            case .dict(let value): dict = value
            case .object(let value): object = value
            default: break
            }
            value = .none
            if list != nil, isKnownUniquelyReferenced(&list), let list {
                pending.append(contentsOf: list.items)
                list.items = []
            }
            if tuple != nil, isKnownUniquelyReferenced(&tuple), let tuple {
                pending.append(contentsOf: tuple.items)
                tuple.items = []
            }
            if dict != nil, isKnownUniquelyReferenced(&dict), let dict {
                for entry in dict.entries { pending.append(entry.key); pending.append(entry.value) }
                dict.entries = []
            }
            if object != nil, isKnownUniquelyReferenced(&object), let object {
                pending.append(contentsOf: object.arguments)
                object.arguments = []
                if let state = object.state { pending.append(state) }
                object.state = nil
                pending.append(.dict(object.dictionary))
                pending.append(.list(object.list))
            }
        }
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
    /// The storage offset, in elements.
    var offset: Int
    var shape: [Int]
    /// Elements between neighbours along each dimension; nil when the pickle gave none (then
    /// the tensor is taken as contiguous).
    var stride: [Int]?
    var isParameter: Bool
}
