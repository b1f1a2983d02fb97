import Foundation

/// A pickle interpreter for protocols 0–5 that never executes anything.
///
/// Opcodes as Python's `pickletools` documents them (`Lib/pickletools.py`, `Lib/pickle.py`).
/// GLOBAL and STACK_GLOBAL push the name only. REDUCE, NEWOBJ and BUILD are interpreted for the
/// few callables a checkpoint needs — `collections.OrderedDict`, `torch._utils._rebuild_tensor`,
/// `_rebuild_tensor_v2`, `_rebuild_tensor_v3`, `_rebuild_parameter`, `_rebuild_parameter_with_state`,
/// `torch._tensor._rebuild_from_type_v2`, `torch.Size`, `_codecs.encode`, `copyreg._reconstructor`,
/// `set`/`frozenset` — and any other class becomes an opaque ``PickleObject``. A global that can run
/// code (``unsafeGlobals``: `os.system`, `subprocess.*`, `builtins.eval`, `exec`, `getattr`,
/// `__import__`, …) is refused as soon as it is named, before anything could call it.
struct PickleMachine {
    /// Why a pickle is refused, in words.
    struct Failure: Error { var reason: String }

    /// Modules (and a few single globals) that can run code or touch the system when called:
    /// every global whose qualified name is one of these or starts with one and a dot is refused
    /// (`numpy.testing` refuses `numpy.testing._private.utils.runstring`, `uuid._popen` that one
    /// function). From the gadgets known to pickle scanners (fickling, picklescan) and Python's
    /// standard library: process and thread starters, profilers and debuggers that `exec` a
    /// string, importers and package installers, network clients, and torch's own code loaders.
    static let unsafeModules: Set<String> = [
        // processes, threads, the interpreter
        "os", "posix", "nt", "posixpath", "ntpath", "subprocess", "_posixsubprocess", "sys", "shutil", "pty", "commands",
        "multiprocessing", "concurrent", "threading", "_thread", "thread", "signal", "atexit", "asyncio", "gc", "platform",
        // code from strings, importing, (un)pickling
        "runpy", "code", "codeop", "importlib", "imp", "zipimport", "pkgutil", "pickle", "_pickle", "marshal", "dill", "cloudpickle",
        "pandas.io.pickle", "types", "inspect", "functools", "_functools", "operator", "_operator", "ctypes", "_ctypes",
        "cProfile", "profile", "timeit", "trace", "pdb", "bdb", "doctest", "pydoc", "idlelib", "site", "logging.config",
        "uuid._popen", "numpy.testing",
        // packaging
        "setuptools", "pip", "ensurepip", "venv",
        // files and the network
        "io", "_io", "pathlib", "glob", "tempfile", "fileinput", "linecache", "getpass", "sqlite3", "webbrowser", "socket", "ssl",
        "socketserver", "http", "urllib", "requests", "ftplib", "smtplib", "telnetlib", "xmlrpc",
        // torch's loaders, compilers and RPC
        "torch.hub", "torch.serialization", "torch._C", "torch.jit", "torch.ops", "torch._ops", "torch.cuda", "torch.fx",
        "torch.package", "torch.distributed", "torch.utils.cpp_extension", "torch._dynamo",
    ]
    /// Names refused in `builtins` / `__builtin__` (everything there but data types is).
    static let safeBuiltins: Set<String> = ["set", "frozenset", "bytearray", "slice", "complex", "object", "list", "dict", "tuple", "int", "float", "bool", "str", "bytes", "range"]

    /// TorchScript's pickle helpers (`torch/jit/_pickle.py`): each returns its argument.
    static let torchScriptBuilders: Set<String> = ["build_intlist", "build_tensorlist", "build_doublelist", "build_boollist", "restore_type_tag"]

    private var cursor: ByteCursor
    private var stack: [PickleValue?] = []  // nil is a MARK
    private var memo: [Int: PickleValue] = [:]
    private let persistentLoad: (PickleValue) throws(Failure) -> PickleValue
    /// Largest stack or memo accepted: far above any checkpoint, far below memory trouble.
    static let maximumItems = 50_000_000
    /// Deepest nesting of containers accepted. A state dict is 1–2 levels, a training
    /// checkpoint 4–5, a module pickled whole about 3 per submodule level (object, `__dict__`,
    /// `_modules`), so real checkpoints stay well under 100, and Python's pickler stops with a
    /// RecursionError near its default recursion limit (1,000) when saving anything this deep.
    /// Deeper pickles overflow the stack of recursive readers (a 40,000-deep list crashed this one).
    static let maximumDepth = 1_000
    /// The globals the pickle named, in order of first use.
    private(set) var globals: [String] = []

    init(_ data: Data, offset: Int = 0, persistentLoad: @escaping (PickleValue) throws(Failure) -> PickleValue) {
        cursor = ByteCursor(data, offset: offset)
        self.persistentLoad = persistentLoad
    }

    /// Where the pickle ended (after STOP): the legacy format has several pickles in a row.
    var offset: Int { cursor.offset }

    /// Whether `module.name` could execute code or touch the system if called.
    static func isUnsafe(module: String, name: String) -> Bool {
        if module == "torch.jit._pickle" { return !torchScriptBuilders.contains(name) }
        // `a.b.c.name` is refused when `a`, `a.b`, `a.b.c` or `a.b.c.name` is listed.
        var prefix = ""
        for part in (module + "." + name).split(separator: ".", omittingEmptySubsequences: false) {
            prefix += prefix.isEmpty ? String(part) : "." + part
            if unsafeModules.contains(prefix) { return true }
        }
        if module == "builtins" || module == "__builtin__" { return !safeBuiltins.contains(name) }
        if name.hasPrefix("__") && name != "__main__" { return true }
        return ["eval", "exec", "system", "popen", "load", "loads", "getattr", "setattr", "delattr", "__import__", "compile", "open", "spawn"].contains(name)
    }

    /// Runs the pickle to its STOP and returns the value it builds.
    mutating func load() throws(Failure) -> PickleValue {
        do {
            return try run()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "\((error as? ByteCursor.Failure)?.reason ?? "\(error)")")
        }
    }

    private mutating func run() throws -> PickleValue {
        while true {
            let opcode = try cursor.u8("an opcode")
            switch opcode {
            case 0x80: _ = try cursor.u8("PROTO")  // PROTO n
            case 0x95: _ = try cursor.u64("FRAME")  // FRAME size: the frames are read as one stream
            case UInt8(ascii: "."):  // STOP
                guard let top = stack.last, let value = top else { throw Failure(reason: "STOP with an empty stack") }
                return value
            case UInt8(ascii: "("): try push(nil)  // MARK
            case UInt8(ascii: "0"): _ = try pop()  // POP
            case UInt8(ascii: "1"): _ = try popMark()  // POP_MARK
            case UInt8(ascii: "2"): try push(try top())  // DUP
            case UInt8(ascii: "N"): try push(PickleValue.none)  // not Optional.none, which is a MARK
            case 0x88: try push(.bool(true))
            case 0x89: try push(.bool(false))
            case UInt8(ascii: "I"):  // INT (text): 00/01 are False/True in protocol 0
                let line = try readLine()
                if line == "00" || line == "01" { try push(.bool(line == "01")) } else {
                    guard let value = Int(line) else { throw Failure(reason: "INT '\(line)' is not an integer") }
                    try push(.int(value))
                }
            case UInt8(ascii: "J"): try push(.int(Int(Int32(bitPattern: try cursor.u32("BININT")))))
            case UInt8(ascii: "K"): try push(.int(Int(try cursor.u8("BININT1"))))
            case UInt8(ascii: "M"): try push(.int(Int(try cursor.u16("BININT2"))))
            case UInt8(ascii: "L"):  // LONG (text, trailing L)
                var line = try readLine()
                if line.hasSuffix("L") { line.removeLast() }
                if let value = Int(line) { try push(.int(value)) } else { try push(.bigInt(Data(line.utf8))) }
            case 0x8a: try push(try long(Int(try cursor.u8("LONG1"))))
            case 0x8b:
                let length = Int(Int32(bitPattern: try cursor.u32("LONG4")))
                guard length >= 0 else { throw Failure(reason: "LONG4 of negative length") }
                try push(try long(length))
            case UInt8(ascii: "F"):
                let line = try readLine()
                guard let value = Double(line) else { throw Failure(reason: "FLOAT '\(line)' is not a number") }
                try push(.float(value))
            case UInt8(ascii: "G"):  // BINFLOAT: big-endian
                try push(.float(Double(bitPattern: (try cursor.u64("BINFLOAT")).byteSwapped)))
            case UInt8(ascii: "S"):  // STRING: a quoted repr
                var line = try readLine()
                if line.count >= 2, let first = line.first, first == "'" || first == "\"", line.last == first {
                    line = String(line.dropFirst().dropLast())
                }
                try push(.string(line))
            case UInt8(ascii: "T"): try push(.string(try text(Int(try cursor.u32("BINSTRING")), latin1: true)))
            case UInt8(ascii: "U"): try push(.string(try text(Int(try cursor.u8("SHORT_BINSTRING")), latin1: true)))
            case UInt8(ascii: "V"): try push(.string(try readLine()))
            case UInt8(ascii: "X"): try push(.string(try text(Int(try cursor.u32("BINUNICODE")))))
            case 0x8c: try push(.string(try text(Int(try cursor.u8("SHORT_BINUNICODE")))))
            case 0x8d: try push(.string(try text(try cursor.length("BINUNICODE8"))))
            case UInt8(ascii: "B"): try push(.bytes(try cursor.bytes(Int(try cursor.u32("BINBYTES")), what: "BINBYTES")))
            case UInt8(ascii: "C"): try push(.bytes(try cursor.bytes(Int(try cursor.u8("SHORT_BINBYTES")), what: "SHORT_BINBYTES")))
            case 0x8e, 0x96: try push(.bytes(try cursor.bytes(try cursor.length("BINBYTES8"), what: "BINBYTES8")))
            case UInt8(ascii: "]"): try push(.list(PickleList()))
            case UInt8(ascii: "l"): try push(.list(PickleList(try popMark())))
            case UInt8(ascii: ")"): try push(.tuple(PickleTuple([])))
            case UInt8(ascii: "t"): try push(.tuple(PickleTuple(try popMark())))
            case 0x85: try push(.tuple(PickleTuple([try pop()])))
            case 0x86: let b = try pop(); let a = try pop(); try push(.tuple(PickleTuple([a, b])))
            case 0x87: let c = try pop(); let b = try pop(); let a = try pop(); try push(.tuple(PickleTuple([a, b, c])))
            case UInt8(ascii: "}"): try push(.dict(PickleDict()))
            case 0x8f: try push(.list(PickleList()))  // EMPTY_SET: kept as a list
            case UInt8(ascii: "d"):
                let items = try popMark()
                let dict = PickleDict()
                try pairs(items) { dict.set($0, $1) }
                try push(.dict(dict))
            case 0x91: try push(.list(PickleList(try popMark())))  // FROZENSET
            case UInt8(ascii: "a"): let item = try pop(); try append([item], to: try top())
            case UInt8(ascii: "e"), 0x90: let items = try popMark(); try append(items, to: try top())  // APPENDS, ADDITEMS
            case UInt8(ascii: "s"):
                let value = try pop()
                let key = try pop()
                try setItems([key, value], in: try top())
            case UInt8(ascii: "u"): let items = try popMark(); try setItems(items, in: try top())
            case UInt8(ascii: "p"): guard let index = Int(try readLine()) else { throw Failure(reason: "PUT without an index") }; try put(index)
            case UInt8(ascii: "q"): try put(Int(try cursor.u8("BINPUT")))
            case UInt8(ascii: "r"): try put(Int(try cursor.u32("LONG_BINPUT")))
            case 0x94: try put(memo.count)  // MEMOIZE
            case UInt8(ascii: "g"): guard let index = Int(try readLine()) else { throw Failure(reason: "GET without an index") }; try push(try get(index))
            case UInt8(ascii: "h"): try push(try get(Int(try cursor.u8("BINGET"))))
            case UInt8(ascii: "j"): try push(try get(Int(try cursor.u32("LONG_BINGET"))))
            case UInt8(ascii: "c"):  // GLOBAL module\nname\n
                let module = try readLine()
                let name = try readLine()
                try push(try global(module, name))
            case 0x93:  // STACK_GLOBAL
                let name = try pop()
                let module = try pop()
                guard let moduleText = module.text, let nameText = name.text else { throw Failure(reason: "STACK_GLOBAL of non-strings") }
                try push(try global(moduleText, nameText))
            case UInt8(ascii: "R"):  // REDUCE
                let arguments = try pop()
                let callable = try pop()
                try push(try reduce(callable, arguments.items ?? [arguments]))
            case 0x81:  // NEWOBJ cls args
                let arguments = try pop()
                let cls = try pop()
                try push(try reduce(cls, arguments.items ?? []))
            case 0x92:  // NEWOBJ_EX cls args kwargs
                _ = try pop()
                let arguments = try pop()
                let cls = try pop()
                try push(try reduce(cls, arguments.items ?? []))
            case UInt8(ascii: "o"):  // OBJ: MARK cls args… 
                var items = try popMark()
                guard !items.isEmpty else { throw Failure(reason: "OBJ without a class") }
                let cls = items.removeFirst()
                try push(try reduce(cls, items))
            case UInt8(ascii: "i"):  // INST module\nname\n with MARK args
                let module = try readLine()
                let name = try readLine()
                let items = try popMark()
                try push(try reduce(try global(module, name), items))
            case UInt8(ascii: "b"):  // BUILD
                let state = try pop()
                let target = try top()
                if case .object(let object) = target { object.build(state) }
                if case .tensor = target { }  // a tensor's BUILD state (hooks, attributes) is ignored
                if case .dict(let dict) = target, case .dict(let extra) = state { for entry in extra.entries { dict.set(entry.key, entry.value) } }
                try checkNesting(target)
            case UInt8(ascii: "P"): try push(try persistentLoad(.string(try readLine())))
            case UInt8(ascii: "Q"): try push(try persistentLoad(try pop()))
            case 0x82, 0x83, 0x84: throw Failure(reason: "EXT opcodes (the copyreg extension registry) are not read")
            case 0x97, 0x98: throw Failure(reason: "out-of-band buffers (NEXT_BUFFER) are not read")
            default: throw Failure(reason: String(format: "unknown pickle opcode 0x%02x at byte %d", opcode, cursor.offset - 1))
            }
        }
    }

    // MARK: - Globals and calls

    private mutating func global(_ module: String, _ name: String) throws(Failure) -> PickleValue {
        guard !Self.isUnsafe(module: module, name: name) else {
            throw Failure(reason: "unsafe global \(module).\(name): the pickle would call it to run code; refused, nothing was executed")
        }
        let full = module + "." + name
        if !globals.contains(full) { globals.append(full) }
        return .global(module: module, name: name)
    }

    private func reduce(_ callable: PickleValue, _ arguments: [PickleValue]) throws -> PickleValue {
        guard case .global(let module, let name) = callable else {
            throw Failure(reason: "a call of something that is not a global")
        }
        switch module + "." + name {
        case "collections.OrderedDict", "builtins.dict", "__builtin__.dict":
            let dict = PickleDict()
            for pair in arguments.first?.items ?? [] {
                if let kv = pair.items, kv.count == 2 { dict.set(kv[0], kv[1]) }
            }
            return .dict(dict)
        case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_qtensor":
            return .tensor(try tensor(arguments, dtype: nil))
        case "torch._utils._rebuild_tensor_v3":
            guard arguments.count >= 7, let dtype = arguments[6].globalName else { throw Failure(reason: "_rebuild_tensor_v3 without a dtype") }
            return .tensor(try tensor(arguments, dtype: PyTorchDTypes.name(ofDType: dtype)))
        case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
            guard case .tensor(var tensor)? = arguments.first else { return .object(PickleObject(type: "torch.nn.Parameter", arguments: arguments)) }
            tensor.isParameter = true
            return .tensor(tensor)
        case "torch._tensor._rebuild_from_type_v2", "torch._tensor._rebuild_from_type":
            guard arguments.count >= 3 else { throw Failure(reason: "_rebuild_from_type_v2 with \(arguments.count) arguments") }
            return try reduce(arguments[0], arguments[2].items ?? [])
        case "torch.Size", "builtins.tuple", "__builtin__.tuple":
            return .tuple(PickleTuple(arguments.first?.items ?? []))
        case "builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset", "builtins.list", "__builtin__.list":
            return .list(PickleList(arguments.first?.items ?? []))
        case "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist", "torch.jit._pickle.build_doublelist",
             "torch.jit._pickle.build_boollist", "torch.jit._pickle.restore_type_tag":
            return arguments.first ?? PickleValue.none
        case "_codecs.encode":
            guard let text = arguments.first?.text else { return .bytes(Data()) }
            return .bytes(Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
        case "copyreg._reconstructor", "copy_reg._reconstructor":
            return .object(PickleObject(type: arguments.first?.globalName ?? "object", arguments: []))
        default:
            return .object(PickleObject(type: module + "." + name, arguments: arguments))
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata)`.
    private func tensor(_ arguments: [PickleValue], dtype: String?) throws(Failure) -> PickledTensor {
        guard arguments.count >= 3 else { throw Failure(reason: "a tensor rebuilt from \(arguments.count) arguments") }
        var storage: PickledStorage?
        if case .storage(let pickled) = arguments[0] { storage = pickled }
        guard let offset = arguments[1].intValue, offset >= 0 else { throw Failure(reason: "a tensor with an invalid storage offset") }
        guard let sizes = arguments[2].items else { throw Failure(reason: "a tensor without a size tuple") }
        var shape: [Int] = []
        for size in sizes {
            guard let dimension = size.intValue, dimension >= 0 else { throw Failure(reason: "a tensor with a negative or non-integer dimension") }
            shape.append(dimension)
        }
        // torch's set_ / as_strided (`setStrided` in aten/src/ATen/native/Resize.h): as many
        // strides as sizes, none negative.
        var stride: [Int]?
        if arguments.count >= 4, let strides = arguments[3].items {
            var values: [Int] = []
            for item in strides {
                guard let value = item.intValue, value >= 0 else { throw Failure(reason: "a tensor with a negative or non-integer stride") }
                values.append(value)
            }
            guard values.count == shape.count else {
                throw Failure(reason: "a tensor of size \(shape) with \(values.count) strides \(values): torch needs one per dimension")
            }
            stride = values
        }
        guard let dtypeName = dtype ?? storage.flatMap({ PyTorchDTypes.name(ofStorage: $0.type) }) else {
            throw Failure(reason: "a tensor of unknown storage type \(storage?.type ?? "none")")
        }
        return PickledTensor(storage: storage, dtype: dtypeName, offset: offset, shape: shape, stride: stride, isParameter: false)
    }

    // MARK: - Stack

    private mutating func push(_ value: PickleValue?) throws(Failure) {
        guard stack.count < Self.maximumItems else { throw Failure(reason: "the pickle's stack grows past \(Self.maximumItems) items") }
        if let value { try checkNesting(value) }
        stack.append(value)
    }

    /// Refuses `value` once containers nest in it deeper than ``maximumDepth``: checked as each
    /// container is made or grows, so nothing deeper is ever built.
    private func checkNesting(_ value: PickleValue) throws(Failure) {
        guard value.height <= Self.maximumDepth else { throw Self.tooDeep }
    }

    /// The refusal of a pickle nesting past ``maximumDepth``.
    static var tooDeep: Failure {
        Failure(reason: "containers (lists, tuples, dicts, objects) nest deeper than \(maximumDepth) levels; torch.save output nests a few levels per submodule, so this is not a checkpoint; refused")
    }

    private mutating func pop() throws(Failure) -> PickleValue {
        guard let last = stack.popLast() else { throw Failure(reason: "a pop from an empty stack") }
        guard let value = last else { throw Failure(reason: "a MARK where a value was expected") }
        return value
    }

    private func top() throws(Failure) -> PickleValue {
        guard let last = stack.last, let value = last else { throw Failure(reason: "an empty stack where a value was expected") }
        return value
    }

    private mutating func popMark() throws(Failure) -> [PickleValue] {
        guard let mark = stack.lastIndex(where: { $0 == nil }) else { throw Failure(reason: "no MARK on the stack") }
        let items = stack[(mark + 1)...].map { $0! }
        stack.removeSubrange(mark...)
        return items
    }

    private mutating func put(_ index: Int) throws(Failure) {
        guard memo.count < Self.maximumItems else { throw Failure(reason: "the memo grows past \(Self.maximumItems) items") }
        memo[index] = try top()
    }

    private func get(_ index: Int) throws(Failure) -> PickleValue {
        guard let value = memo[index] else { throw Failure(reason: "memo entry \(index) read before it was written") }
        return value
    }

    private func append(_ items: [PickleValue], to target: PickleValue) throws(Failure) {
        switch target {
        case .list(let list): list.append(contentsOf: items)
        case .object(let object): object.list.append(contentsOf: items); object.noteContentsChanged()
        default: throw Failure(reason: "APPEND to something that is not a list")
        }
        try checkNesting(target)
    }

    private func setItems(_ items: [PickleValue], in target: PickleValue) throws(Failure) {
        let dict: PickleDict
        switch target {
        case .dict(let value): dict = value
        case .object(let object): dict = object.dictionary
        default: throw Failure(reason: "SETITEM on something that is not a dict")
        }
        try pairs(items) { dict.set($0, $1) }
        if case .object(let object) = target { object.noteContentsChanged() }
        try checkNesting(target)
    }

    private func pairs(_ items: [PickleValue], _ body: (PickleValue, PickleValue) -> Void) throws(Failure) {
        guard items.count % 2 == 0 else { throw Failure(reason: "an odd number of items for a dict") }
        for index in stride(from: 0, to: items.count, by: 2) { body(items[index], items[index + 1]) }
    }

    // MARK: - Reading

    private mutating func readLine() throws(Failure) -> String {
        var bytes: [UInt8] = []
        while true {
            let byte: UInt8
            do { byte = try cursor.u8("a text line") } catch { throw Failure(reason: error.reason) }
            if byte == 0x0A { break }
            bytes.append(byte)
            guard bytes.count <= 1 << 20 else { throw Failure(reason: "a text line over 1 MB") }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func text(_ length: Int, latin1: Bool = false) throws -> String {
        let bytes = try cursor.bytes(length, what: "a string")
        if latin1 { return String(bytes.map { Character(Unicode.Scalar($0)) }) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func long(_ length: Int) throws -> PickleValue {
        let bytes = try cursor.bytes(length, what: "a long integer")
        guard length <= 8 else { return .bigInt(bytes) }
        if length == 0 { return .int(0) }
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        if length < 8, bytes.last! & 0x80 != 0 { value |= ~0 << (8 * UInt64(length)) }  // sign-extend
        return .int(Int(Int64(bitPattern: value)))
    }
}

/// torch's dtypes by storage class and by `torch.<dtype>` global, with their sizes.
enum PyTorchDTypes {
    /// (storage class, dtype name, bytes per element): `torch/storage.py` and `torch/_utils.py`.
    static let table: [(storage: String, dtype: String, bytes: Int)] = [
        ("FloatStorage", "float32", 4), ("DoubleStorage", "float64", 8), ("HalfStorage", "float16", 2),
        ("BFloat16Storage", "bfloat16", 2), ("LongStorage", "int64", 8), ("IntStorage", "int32", 4),
        ("ShortStorage", "int16", 2), ("CharStorage", "int8", 1), ("ByteStorage", "uint8", 1),
        ("BoolStorage", "bool", 1), ("ComplexFloatStorage", "complex64", 8), ("ComplexDoubleStorage", "complex128", 16),
        ("QInt8Storage", "qint8", 1), ("QUInt8Storage", "quint8", 1), ("QInt32Storage", "qint32", 4),
        ("Float8_e4m3fnStorage", "float8_e4m3fn", 1), ("Float8_e5m2Storage", "float8_e5m2", 1),
        ("UInt16Storage", "uint16", 2), ("UInt32Storage", "uint32", 4), ("UInt64Storage", "uint64", 8),
    ]
    /// `torch.<name>` aliases (`torch.float` is float32).
    static let aliases = ["float": "float32", "double": "float64", "half": "float16", "long": "int64", "int": "int32", "short": "int16", "cfloat": "complex64", "cdouble": "complex128"]

    static func name(ofStorage type: String) -> String? {
        let short = type.split(separator: ".").last.map(String.init) ?? type
        return table.first { $0.storage == short }?.dtype
    }

    static func name(ofDType global: String) -> String? {
        guard global.hasPrefix("torch.") else { return nil }
        let short = String(global.dropFirst(6))
        let name = aliases[short] ?? short
        return table.contains { $0.dtype == name } ? name : nil
    }

    static func bytes(of dtype: String) -> Int? { table.first { $0.dtype == dtype }?.bytes }
}
