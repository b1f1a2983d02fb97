@testable import CatalogImport
import Foundation
import Testing
import ZIPFoundation

/// Hand-written protocol-2 pickles and stored zips for the reader's limits.
private enum HandPickle {
    static func text(_ value: String) -> [UInt8] {
        let bytes = Array(value.utf8)
        return [UInt8(ascii: "X")] + le32(bytes.count) + bytes
    }
    static func global(_ module: String, _ name: String) -> [UInt8] { [UInt8(ascii: "c")] + Array("\(module)\n\(name)\n".utf8) }
    static func int(_ value: Int) -> [UInt8] { [UInt8(ascii: "J")] + le32(value) }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func tuple(_ items: [[UInt8]]) -> [UInt8] { [UInt8(ascii: "(")] + items.flatMap { $0 } + [UInt8(ascii: "t")] }

    /// `_rebuild_tensor_v2(storage '0' of `elements` floats, offset, size, stride, False, OrderedDict())`.
    static func tensor(elements: Int, offset: Int = 0, size: [Int], stride: [Int]) -> [UInt8] {
        let storage = tuple([text("storage"), global("torch", "FloatStorage"), text("0"), text("cpu"), int(elements)]) + [UInt8(ascii: "Q")]
        let hooks = global("collections", "OrderedDict") + [UInt8(ascii: ")"), UInt8(ascii: "R")]
        return global("torch._utils", "_rebuild_tensor_v2")
            + tuple([storage, int(offset), tuple(size.map(int)), tuple(stride.map(int)), [0x89], hooks]) + [UInt8(ascii: "R")]
    }

    /// A state dict `{'w': tensor, 'x': <extra>}` (extra left out when empty).
    static func stateDict(tensor: [UInt8], extra: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = [0x80, 0x02, UInt8(ascii: "}")] + text("w") + tensor + [UInt8(ascii: "s")]
        if !extra.isEmpty { bytes += text("x") + extra + [UInt8(ascii: "s")] }
        return bytes + [UInt8(ascii: ".")]
    }

    /// A stored (uncompressed) zip of `entries`; `declaring` overrides the sizes written in the
    /// headers of the named entry.
    static func zip(_ entries: [(String, [UInt8])], declaring: [String: Int] = [:]) -> Data {
        var body: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        for (name, contents) in entries {
            let crc = Int(Data(contents).crc32(checksum: 0))
            let size = declaring[name] ?? contents.count
            let fields = le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc) + le32(size) + le32(size) + le16(name.utf8.count) + le16(0)
            directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + fields + le16(0) + le16(0) + le16(0) + le32(0) + le32(body.count) + Array(name.utf8)
            body += [0x50, 0x4B, 0x03, 0x04] + fields + Array(name.utf8) + contents
        }
        let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(body.count) + le16(0)
        return Data(body + directory + end)
    }

    /// A torch.save archive holding `pickle` and a storage '0' of `storageBytes` bytes.
    static func checkpoint(_ pickle: [UInt8], storageBytes: Int = 24, declaring: [String: Int] = [:]) -> Data {
        zip([("archive/data.pkl", pickle), ("archive/data/0", [UInt8](repeating: 0, count: storageBytes)), ("archive/version", Array("3\n".utf8))],
            declaring: declaring)
    }
}

@Suite("PyTorch pickles: nesting, shared references, strides, archive bounds")
struct PyTorchPickleLimitTests {
    private func machine(_ bytes: [UInt8]) -> PickleMachine {
        PickleMachine(Data(bytes)) { (_: PickleValue) throws(PickleMachine.Failure) -> PickleValue in .none }
    }

    /// 40,000 nested lists (EMPTY_LIST ×40,000, then APPEND ×40,000), 20,000 nested dicts and a
    /// 40,000-deep TUPLE1 chain: each overflowed the stack when freed; now refused at level 1,001.
    @Test(arguments: ["list", "dict", "tuple"])
    func deepNestingIsRefusedNotCrashed(kind: String) {
        let payload: [UInt8] =
            switch kind {
            case "list": Array(repeating: UInt8(ascii: "]"), count: 40_000) + [UInt8(ascii: "K"), 1] + Array(repeating: UInt8(ascii: "a"), count: 40_000)
            case "dict":
                Array((0..<20_000).map { _ in [UInt8(ascii: "}")] + HandPickle.text("k") }.joined()) + [UInt8(ascii: "K"), 1]
                    + Array(repeating: UInt8(ascii: "s"), count: 20_000)
            default: [UInt8(ascii: "K"), 1] + Array(repeating: UInt8(0x85), count: 40_000)
            }
        var machine = machine([0x80, 0x02] + payload + [UInt8(ascii: ".")])
        let error = #expect(throws: PickleMachine.Failure.self) { try machine.load() }
        #expect(error?.reason.contains("deeper than 1000 levels") == true)
    }

    /// 999 nested lists (the innermost holding 1) inside the state dict: 1,000 levels, read.
    @Test func nestingAtTheLimitIsRead() throws {
        let nested = Array(repeating: UInt8(ascii: "]"), count: 999) + [UInt8(ascii: "K"), 1] + Array(repeating: UInt8(ascii: "a"), count: 999)
        let pickle = HandPickle.stateDict(tensor: HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]), extra: nested)
        let file = try PyTorchReader.read(HandPickle.checkpoint(pickle), file: "ok.pt")
        #expect(file.tensors.map(\.name) == ["w"])
    }

    /// 5,000 empty lists memoized first, then each appended into the previous one: every list's
    /// recorded height stays 2 while the chain is 5,001 deep. The walk refuses it (and freeing it
    /// does not recurse).
    @Test func listsFilledAfterNestingAreRefusedByTheWalk() {
        let count = 5_000
        var extra: [UInt8] = []
        for index in 0..<count { extra += [UInt8(ascii: "]"), UInt8(ascii: "r")] + HandPickle.le32(100 + index) + [UInt8(ascii: "0")] }
        for index in 0..<(count - 1) {
            extra += [UInt8(ascii: "j")] + HandPickle.le32(100 + index) + [UInt8(ascii: "j")] + HandPickle.le32(101 + index) + [UInt8(ascii: "a"), UInt8(ascii: "0")]
        }
        extra += [UInt8(ascii: "j")] + HandPickle.le32(100)
        let pickle = HandPickle.stateDict(tensor: HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]), extra: extra)
        let error = #expect(throws: ImportError.self) { try PyTorchReader.read(HandPickle.checkpoint(pickle), file: "chain.pt") }
        #expect(error?.description.hasPrefix("chain.pt: PyTorch: ") == true)
        #expect(error?.description.contains("deeper than 1000 levels") == true)
    }

    /// "Billion laughs": l0 = [tensor], l(i+1) = [l(i), l(i)] through the memo, 64 times. Python
    /// shares the lists (2^64 paths, one tensor); the walk visits each list once: one tensor,
    /// named by the first path (x, then 64 lists' index 0, then l0's index 0: 65 zeros).
    @Test func sharedListsAreWalkedOnce() throws {
        var extra = [UInt8(ascii: "]")] + HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]) + [UInt8(ascii: "a"), UInt8(ascii: "r")] + HandPickle.le32(1000)
            + [UInt8(ascii: "0")]
        for level in 0..<64 {
            let previous = [UInt8(ascii: "j")] + HandPickle.le32(1000 + level)
            extra += [UInt8(ascii: "]")] + previous + [UInt8(ascii: "a")] + previous + [UInt8(ascii: "a"), UInt8(ascii: "r")] + HandPickle.le32(1001 + level) + [UInt8(ascii: "0")]
        }
        extra += [UInt8(ascii: "j")] + HandPickle.le32(1064)
        let pickle: [UInt8] = [0x80, 0x02, UInt8(ascii: "}")] + HandPickle.text("x") + extra + [UInt8(ascii: "s"), UInt8(ascii: ".")]
        let file = try PyTorchReader.read(HandPickle.checkpoint(pickle), file: "laughs.pt")
        #expect(file.tensors.count == 1)
        #expect(file.tensors.first?.name == (["x"] + Array(repeating: "0", count: 65)).joined(separator: "."))
        #expect(file.warnings.contains { $0.hasPrefix("64 reference(s) reach a container already walked") })
    }

    /// One tensor under two keys (tied weights; the second key a memo GET of the first's
    /// tensor) is listed under both names, the second counted once.
    @Test func aTensorUnderTwoKeysIsListedTwice() throws {
        let tensor = HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]) + [UInt8(ascii: "q"), 7]
        let pickle: [UInt8] = [0x80, 0x02, UInt8(ascii: "}")] + HandPickle.text("a") + tensor + [UInt8(ascii: "s")]
            + HandPickle.text("b") + [UInt8(ascii: "h"), 7, UInt8(ascii: "s"), UInt8(ascii: ".")]
        let file = try PyTorchReader.read(HandPickle.checkpoint(pickle), file: "tied.pt")
        #expect(file.tensors.map(\.name) == ["a", "b"])
        #expect(file.tensors.last?.uncountedReason?.contains("'a'") == true)
        #expect(file.totalElements == 6)
    }

    /// torch's bound: offset + Σ(size−1)·stride + 1 ≤ storage elements, 0 when a size is 0.
    @Test(arguments: [
        // expand() of 3 floats to (1000, 3): 0 + 999·0 + 2·1 + 1 = 3 ≤ 3, valid
        ([1000, 3], [0, 1], 0, 3, true),
        // (3, 2) windows of 4 floats: 0 + 2·1 + 1·1 + 1 = 4 ≤ 4, valid
        ([3, 2], [1, 1], 0, 4, true),
        // (2, 3) stride (10, 1) on 6: 0 + 1·10 + 2·1 + 1 = 13 > 6, invalid
        ([2, 3], [10, 1], 0, 6, false),
        // contiguous (2, 3) from offset 1 of 6: 1 + 3 + 2 + 1 = 7 > 6, invalid
        ([2, 3], [3, 1], 1, 6, false),
        // a size of 0: needs nothing, any offset
        ([0, 3], [3, 1], 50, 6, true),
    ] as [([Int], [Int], Int, Int, Bool)])
    func viewBoundsFollowTorch(size: [Int], stride: [Int], offset: Int, storage: Int, valid: Bool) throws {
        let pickle = HandPickle.stateDict(tensor: HandPickle.tensor(elements: storage, offset: offset, size: size, stride: stride))
        let data = HandPickle.checkpoint(pickle, storageBytes: storage * 4)
        if valid {
            let file = try PyTorchReader.read(data, file: "view.pt")
            #expect(file.tensors.first?.elements == size.reduce(1, *))
        } else {
            let error = #expect(throws: ImportError.self) { try PyTorchReader.read(data, file: "view.pt") }
            #expect(error?.description.contains("tensor 'w'") == true)
            #expect(error?.description.contains("torch's set_ needs") == true)
        }
    }

    @Test func extentArithmetic() {
        func extent(_ shape: [Int], _ stride: [Int]?, _ offset: Int) -> Int? {
            PyTorchReader.extent(of: PickledTensor(storage: nil, dtype: "float32", offset: offset, shape: shape, stride: stride, isParameter: false))
        }
        #expect(extent([1000, 3], [0, 1], 0) == 3)  // 999·0 + 2·1 + 1
        #expect(extent([2, 3], nil, 4) == 10)  // contiguous: 4 + 6
        #expect(extent([], [], 5) == 6)  // a scalar: 5 + 1
        #expect(extent([2, 2], [Int.max, 1], 0) == nil)  // 1·Int.max + 1·1 + 1 overflows
        #expect(extent([3], [Int.max], 0) == nil)  // 2·Int.max overflows
    }

    /// archive/data/0 declares 2^31 bytes in a file of a few hundred: Python's zipfile raises
    /// EOFError; the reader names the entry.
    @Test func aStorageEntryRunningPastTheFileIsRefused() {
        let pickle = HandPickle.stateDict(tensor: HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]))
        let data = HandPickle.checkpoint(pickle, declaring: ["archive/data/0": 1 << 31])
        let error = #expect(throws: ImportError.self) { try PyTorchReader.read(data, file: "lie.pt") }
        #expect(error?.description.contains("storage '0': archive/data/0's 2147483648 compressed bytes run past the end") == true)
    }

    /// The same archive with honest sizes is read (the zip writer above is sound).
    @Test func theHonestArchiveIsRead() throws {
        let pickle = HandPickle.stateDict(tensor: HandPickle.tensor(elements: 6, size: [2, 3], stride: [3, 1]))
        let file = try PyTorchReader.read(HandPickle.checkpoint(pickle), file: "ok.pt")
        #expect(file.tensors.first?.shape == [2, 3])
        #expect(file.totalElements == 6)
    }

    /// Gadgets that run code without naming os/posix/subprocess.
    @Test(arguments: [
        "cProfile.run", "profile.run", "_operator.attrgetter", "_functools.partial", "_ctypes.dlopen", "_posixsubprocess.fork_exec",
        "_thread.start_new_thread", "numpy.testing._private.utils.runstring", "torch.fx.graph_module._forward_from_src",
        "imp.load_source", "torch.utils.cpp_extension.load_inline", "pydoc.pipepager", "uuid._popen", "setuptools.sandbox.run_setup",
        "pip._internal.main", "pkgutil.resolve_name", "logging.config.listen", "torch._ops.ops", "torch.package.PackageImporter",
        "torch.distributed.rpc.rpc_sync", "atexit.register", "doctest.debug_script", "timeit.timeit", "trace.Trace", "bdb.Bdb",
        "idlelib.pyshell.ModifiedInterpreter", "http.client.HTTPConnection", "xmlrpc.client.ServerProxy", "asyncio.run",
        "concurrent.futures.ThreadPoolExecutor", "site.main", "venv.create", "ensurepip.bootstrap",
    ])
    func refusesGadgetGlobals(qualified: String) {
        let parts = qualified.split(separator: ".")
        let module = parts.dropLast().joined(separator: "."), name = String(parts.last!)
        #expect(PickleMachine.isUnsafe(module: module, name: name))
    }

    /// What torch.save and NumPy write stays readable.
    @Test(arguments: [
        "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "torch.FloatStorage", "torch.Size",
        "torch.jit._pickle.build_intlist", "collections.OrderedDict", "_codecs.encode", "copyreg._reconstructor",
        "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar", "numpy.dtype", "numpy.ndarray", "argparse.Namespace",
        "torch._tensor._rebuild_from_type_v2", "torch.nn.parameter.Parameter", "torch.bfloat16", "__main__.Net",
    ])
    func acceptsCheckpointGlobals(qualified: String) {
        let parts = qualified.split(separator: ".")
        let module = parts.dropLast().joined(separator: "."), name = String(parts.last!)
        #expect(!PickleMachine.isUnsafe(module: module, name: name))
    }
}
