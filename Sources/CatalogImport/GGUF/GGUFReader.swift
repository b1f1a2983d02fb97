import CatalogCore
import Foundation

/// Reads a GGUF file's header: magic `GGUF`, version (2 or 3), tensor count, key/value count,
/// the key/values, the tensor infos (name, dimensions, ggml type, offset); the data section
/// after them, aligned to `general.alignment` (32 by default), is never read.
///
/// Layout from ggml's `docs/gguf.md` and `gguf/gguf_reader.py` (gguf-py). Each tensor's bytes
/// come from ggml's block table (``TensorDType/ggml``; docs/TENSORS.md); shapes are given
/// row-major (GGUF stores `ne[0]` first, the fastest-varying axis; the reader reverses them, as
/// numpy and gguf-py's `data.shape` do). A file whose data section is wholly absent (a
/// header-only layout) is read with a warning; one partly present is refused as truncated.
public enum GGUFReader {
    /// Arrays up to this length keep their items; longer ones are summarised by length.
    public static let keptArrayLength = 64
    /// Deepest array nesting accepted (GGUF nests arrays of arrays only rarely).
    static let maximumNesting = 8
    /// Most dimensions a tensor may have: 4, ggml's `GGML_MAX_DIMS` (ggml.h); ggml's gguf.cpp
    /// refuses a tensor info with more ("tensor '…' has invalid number of dimensions"), though
    /// gguf-py's reader reads any number.
    public static let maximumDimensions = 4

    /// Whether `head` starts with the GGUF magic.
    public static func recognizes(_ head: Data) -> Bool { head.starts(with: Array("GGUF".utf8)) }

    /// Reads the GGUF file at `path` (mapped, header only).
    /// - Throws: ``ImportError`` naming the file and the problem: bad magic or version, a
    ///   length or count past the end, an unknown value or ggml type, a bad shape, an offset
    ///   out of range or misaligned, a truncated data section.
    public static func read(contentsOf path: String) throws(ImportError) -> WeightFile {
        try read(MappedFile.map(path), file: path)
    }

    /// Reads `data`, the bytes of `file`.
    public static func read(_ data: Data, file: String) throws(ImportError) -> WeightFile {
        do {
            return try parse(data)
        } catch {
            throw ImportError(file: file, problem: "GGUF: " + error.reason)
        }
    }

    private static func parse(_ data: Data) throws(ByteCursor.Failure) -> WeightFile {
        var cursor = ByteCursor(data)
        guard data.count >= 4, recognizes(data) else { throw .init(reason: "not a GGUF file (no 'GGUF' magic)") }
        try cursor.skip(4, what: "the magic")
        let version = try cursor.u32("the version")
        guard version == 2 || version == 3 else {
            throw .init(reason: "version \(version) is not supported (only 2 and 3; version 1 predates 64-bit counts)")
        }
        // Each tensor info takes at least 24 bytes, each key/value at least 12: bound the counts
        // by the file before using them.
        let tensorCount = try cursor.u64("the tensor count")
        let valueCount = try cursor.u64("the key/value count")
        guard tensorCount <= UInt64(cursor.remaining / 24) else { throw .init(reason: "tensor count \(tensorCount) is more than the file can hold") }
        guard valueCount <= UInt64(cursor.remaining / 12) else { throw .init(reason: "key/value count \(valueCount) is more than the file can hold") }
        var values: [String: GGUFValue] = [:]
        var metadata: [(key: String, value: String)] = []
        for _ in 0..<Int(valueCount) {
            let key = try string(&cursor, what: "a key")
            let type = try cursor.u32("the type of '\(key)'")
            let value = try self.value(&cursor, type: type, key: key, depth: 0)
            // gguf.cpp reads the alignment as a u32 (`gguf_get_val_u32`) and gguf-py refuses any
            // other type ("Bad type for general.alignment field").
            if key == "general.alignment", type != 4 {
                let name = Int(type) < typeNames.count ? typeNames[Int(type)] : "type \(type)"
                throw .init(reason: "general.alignment is a \(name) (\(value.summary)); it must be a UINT32 (gguf.cpp and gguf-py read no other type)")
            }
            guard values.updateValue(value, forKey: key) == nil else { throw .init(reason: "key '\(key)' appears twice") }
            metadata.append((key, value.summary))
        }
        var alignment = 32
        if let value = values["general.alignment"] {
            guard let align = value.intValue, align > 0, align & (align - 1) == 0, align <= 1 << 30 else {
                throw .init(reason: "general.alignment \(value.summary) is not a power of two of at most 2^30")
            }
            alignment = align
        }
        var infos: [(tensor: Tensor, offset: Int)] = []
        var names = Set<String>()
        for index in 0..<Int(tensorCount) {
            let name = try string(&cursor, what: "the name of tensor \(index)")
            guard names.insert(name).inserted else { throw .init(reason: "tensor '\(name)' appears twice") }
            let dimensionCount = try cursor.u32("the dimensions of '\(name)'")
            guard dimensionCount <= maximumDimensions else {
                throw .init(reason: "tensor '\(name)' has \(dimensionCount) dimensions (ggml allows at most \(maximumDimensions))")
            }
            var shape: [Int] = []
            for _ in 0..<dimensionCount {
                let dimension = try cursor.u64("a dimension of '\(name)'")
                guard dimension <= UInt64(Int.max) else { throw .init(reason: "tensor '\(name)' has a dimension \(dimension) beyond 64-bit range") }
                shape.append(Int(dimension))
            }
            let typeID = try cursor.u32("the type of '\(name)'")
            guard let dtype = TensorDType.ggml[Int(typeID)] else {
                throw .init(reason: "tensor '\(name)' has unknown ggml type \(typeID)")
            }
            let offset = try cursor.u64("the offset of '\(name)'")
            guard let elements = TensorNames.elements(shape) else {
                throw .init(reason: "tensor '\(name)' has a shape \(shape) whose element count overflows")
            }
            // ggml blocks run along ne[0]: each row must be a whole number of blocks.
            guard shape.isEmpty || shape[0] % dtype.blockElements == 0, let bytes = dtype.storedBytes(elements: elements) else {
                throw .init(reason: "tensor '\(name)': a row of \(shape.first ?? 0) is not a whole number of \(dtype.name) blocks of \(dtype.blockElements)")
            }
            guard offset <= UInt64(Int.max), Int(offset) % alignment == 0 else {
                throw .init(reason: "tensor '\(name)' has offset \(offset), not a multiple of the alignment \(alignment)")
            }
            infos.append((TensorNames.tensor(name: name, dtype: dtype.name, shape: shape.reversed(), elements: elements, bytes: bytes), Int(offset)))
        }
        let infoEnd = cursor.offset
        let dataStart = (infoEnd + alignment - 1) / alignment * alignment
        // Tensors may not overlap; the data section must hold every one of them.
        var end = 0
        for info in infos.sorted(by: { $0.offset < $1.offset }) {
            guard info.offset >= end else { throw .init(reason: "tensor '\(info.tensor.name)' at offset \(info.offset) overlaps the tensor before it (ending at \(end))") }
            let (next, overflow) = info.offset.addingReportingOverflow(info.tensor.bytes ?? 0)
            guard !overflow else { throw .init(reason: "tensor '\(info.tensor.name)' ends beyond 64-bit range") }
            end = next
        }
        var warnings: [String] = []
        let present = max(0, data.count - dataStart)
        if present == 0 && end > 0 {
            warnings.append("header only: the data section (\(end) bytes) is absent; counts and bytes are the header's")
        } else if present < end {
            throw .init(reason: "the data section is truncated: tensors end at byte \(end) of it, the file holds \(present)")
        }
        return WeightFile(format: "gguf", tensors: infos.map(\.tensor), metadata: metadata, warnings: warnings, gguf: values)
    }

    private static func string(_ cursor: inout ByteCursor, what: @autoclosure () -> String) throws(ByteCursor.Failure) -> String {
        let length = try cursor.length("the length of \(what())")
        return try cursor.utf8(length, what: what())
    }

    /// `gguf_type` ids: 0 UINT8, 1 INT8, 2 UINT16, 3 INT16, 4 UINT32, 5 INT32, 6 FLOAT32, 7 BOOL,
    /// 8 STRING, 9 ARRAY, 10 UINT64, 11 INT64, 12 FLOAT64.
    static let typeNames = ["UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "BOOL", "STRING", "ARRAY", "UINT64", "INT64", "FLOAT64"]
    private static let typeSizes = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8]

    private static func value(
        _ cursor: inout ByteCursor, type: UInt32, key: String, depth: Int, keep: Bool = true
    ) throws(ByteCursor.Failure) -> GGUFValue {
        func what() -> String { "the value of '\(key)'" }
        switch type {
        case 0: return .unsigned(UInt64(try cursor.u8(what())))
        case 1: return .signed(Int64(Int8(bitPattern: try cursor.u8(what()))))
        case 2: return .unsigned(UInt64(try cursor.u16(what())))
        case 3: return .signed(Int64(Int16(bitPattern: try cursor.u16(what()))))
        case 4: return .unsigned(UInt64(try cursor.u32(what())))
        case 5: return .signed(Int64(Int32(bitPattern: try cursor.u32(what()))))
        case 6: return .float(Double(Float(bitPattern: try cursor.u32(what()))))
        case 7:
            let byte = try cursor.u8(what())
            guard byte <= 1 else { throw .init(reason: "'\(key)' is a bool of value \(byte)") }
            return .bool(byte == 1)
        case 8: return .string(try string(&cursor, what: what()))
        case 9:
            guard depth < maximumNesting else { throw .init(reason: "'\(key)' nests arrays deeper than \(maximumNesting)") }
            let elementType = try cursor.u32("the element type of '\(key)'")
            guard Int(elementType) < typeNames.count else { throw .init(reason: "'\(key)' is an array of unknown type \(elementType)") }
            let size = typeSizes[Int(elementType)]
            let count = try cursor.length("the length of '\(key)'", elementSize: size > 0 ? size : 8)
            let kept = keep && count <= keptArrayLength
            if !kept && size > 0 {
                try cursor.skip(count * size, what: what())
                return .array(elementType: typeNames[Int(elementType)], count: count, items: nil)
            }
            if !kept && elementType == 8 {
                // A vocabulary: each string's length and bytes skipped, none decoded.
                try cursor.skipStrings(count, what: "an item of '\(key)'")
                return .array(elementType: "STRING", count: count, items: nil)
            }
            var items: [GGUFValue] = []
            for _ in 0..<count {
                let item = try value(&cursor, type: elementType, key: key, depth: depth + 1, keep: kept)
                if kept { items.append(item) }
            }
            return .array(elementType: typeNames[Int(elementType)], count: count, items: kept ? items : nil)
        case 10: return .unsigned(try cursor.u64(what()))
        case 11: return .signed(Int64(bitPattern: try cursor.u64(what())))
        case 12: return .float(Double(bitPattern: try cursor.u64(what())))
        default: throw .init(reason: "'\(key)' has unknown value type \(type)")
        }
    }
}
