import CatalogCore
import Foundation

/// What a weight file (safetensors, GGUF, PyTorch checkpoint) holds, read from its headers only.
public struct WeightFile: Sendable {
    /// The format: `safetensors`, `gguf`, `pytorch` or `torchscript`.
    public var format: String
    /// Every tensor entry, in the file's order. Elements and bytes of a tensor whose
    /// ``Tensor/uncountedReason`` is set are not part of the totals (a tied tensor stored once,
    /// optimizer state).
    public var tensors: [Tensor]
    /// The file's own metadata as text: safetensors `__metadata__`, GGUF key/values (arrays
    /// summarised by type and length), a checkpoint's non-tensor entries (`epoch`).
    public var metadata: [(key: String, value: String)]
    /// Remarks: header-only file, shared storages, skipped entries.
    public var warnings: [String]
    /// GGUF only: the typed key/values, for the architecture (``GGUFArchitecture``).
    public var gguf: [String: GGUFValue]
    /// A checkpoint folder that also holds a `config.json` (the architecture).
    public var hasConfig = false

    init(format: String, tensors: [Tensor], metadata: [(key: String, value: String)] = [], warnings: [String] = [], gguf: [String: GGUFValue] = [:]) {
        self.format = format
        self.tensors = tensors
        self.metadata = metadata
        self.warnings = warnings
        self.gguf = gguf
    }

    /// Elements of the counted tensors (every stored element, shared storages once).
    public var totalElements: Int { tensors.filter { $0.uncountedReason == nil }.reduce(0) { $0 &+ $1.elements } }

    /// Bytes of the counted tensors, or `nil` if one's size is unknown.
    public var totalBytes: Int? {
        var total = 0
        for tensor in tensors where tensor.uncountedReason == nil {
            guard let bytes = tensor.bytes else { return nil }
            total &+= bytes
        }
        return total
    }
}

enum TensorNames {
    /// PyTorch's buffer names (BatchNorm's running statistics): non-trainable.
    static let bufferSuffixes = ["running_mean", "running_var", "num_batches_tracked"]

    /// The module a tensor belongs to: its name without the last dotted component
    /// (`features.0.weight` → `features.0`), or `nil` for a top-level name.
    /// An ASCII name is cut at its last `.` byte (searching Characters cost 2,500 instructions
    /// a tensor, BENCHMARKS.md section 6); any other name at its last `.` Character, so that a
    /// dot carrying a combining mark is not a separator.
    static func module(of name: String) -> String? {
        var name = name
        // nil: not ASCII; .some(nil): no module; .some(module).
        let ascii: String?? = name.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0 else { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[..<dot]), as: UTF8.self))
        }
        if let ascii { return ascii }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return String(name[..<dot])
    }

    /// Whether the last non-empty dotted component of `name` is a buffer's name. Read from the
    /// UTF-8 bytes: splitting the name into strings cost 17,000 instructions a tensor
    /// (BENCHMARKS.md section 6).
    static func isBuffer(_ name: String) -> Bool {
        let bytes = name.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: ".") { end = bytes.index(before: end) }
        var start = end
        while start > bytes.startIndex, bytes[bytes.index(before: start)] != UInt8(ascii: ".") { start = bytes.index(before: start) }
        let last = bytes[start..<end]
        return bufferSuffixes.contains { last.elementsEqual($0.utf8) }
    }

    /// A tensor with its module and buffer flag set from its name.
    static func tensor(name: String, dtype: String, shape: [Int], elements: Int, bytes: Int?) -> Tensor {
        Tensor(name: name, dtype: dtype, shape: shape, elements: elements, bytes: bytes, layer: module(of: name), isBuffer: isBuffer(name))
    }

    /// The product of `shape`, or `nil` for a negative dimension or overflow.
    static func elements(_ shape: [Int]) -> Int? {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
