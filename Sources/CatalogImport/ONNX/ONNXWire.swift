/// A pass over an ONNX file's protobuf wire format that copies everything but the weight data.
///
/// A `ModelProto` holds its weights inline (`TensorProto.raw_data`, `float_data`, …), often
/// hundreds of megabytes. Decoding it whole would copy every weight into memory; instead this
/// walks the messages that can hold tensors (ModelProto → GraphProto → NodeProto → AttributeProto
/// → TensorProto, FunctionProto) over the mapped file and re-encodes them without the data
/// fields of more than ``keptDataBytes`` bytes. Dims, data types and small tensors (shapes,
/// axes, scales) stay; the pages holding weights are skipped, never read. The result is a
/// valid, small `ModelProto` for swift-protobuf to decode (wire format: protobuf.dev/programming-guides/encoding).
enum ONNXWire {
    /// Data fields up to this many bytes are kept (64 int64 values: every shape, axes or pads list).
    static let keptDataBytes = 1024
    /// Deepest nesting of messages accepted (subgraphs inside subgraphs).
    static let maximumDepth = 64

    enum Message { case model, graph, node, attribute, tensor, function, other }

    struct Malformed: Error { let problem: String }

    /// The sub-message type of `field` in `message`, when it may contain tensors.
    static func child(_ message: Message, _ field: UInt64) -> Message? {
        switch (message, field) {
        case (.model, 7): .graph
        case (.model, 25): .function
        case (.graph, 1): .node
        case (.graph, 5): .tensor
        case (.node, 5): .attribute
        case (.attribute, 5), (.attribute, 10): .tensor
        case (.attribute, 6), (.attribute, 11): .graph
        case (.function, 7): .node
        default: nil
        }
    }

    /// Whether a tensor's length-delimited `field` is weight data to drop.
    static func isDroppedData(_ message: Message, _ field: UInt64, length: Int) -> Bool {
        guard message == .tensor, length > keptDataBytes else { return false }
        // float_data 4, int32_data 5, string_data 6, int64_data 7, raw_data 9, double_data 10, uint64_data 11
        return [4, 5, 6, 7, 9, 10, 11].contains(field)
    }

    /// The model without its weight data.
    /// - Throws: ``Malformed`` for a truncated message, a bad wire type or nesting too deep.
    static func stripped(_ bytes: UnsafeRawBufferPointer) throws(Malformed) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(bytes.count, 1 << 20))
        try copy(bytes, as: .model, into: &output, depth: 0)
        return output
    }

    private static func copy(
        _ bytes: UnsafeRawBufferPointer, as message: Message, into output: inout [UInt8], depth: Int
    ) throws(Malformed) {
        guard depth <= maximumDepth else { throw Malformed(problem: "messages nested more than \(maximumDepth) deep") }
        var at = 0
        while at < bytes.count {
            let tagStart = at
            let tag = try varint(bytes, &at)
            let field = tag >> 3
            guard field > 0 else { throw Malformed(problem: "field number 0 at byte \(tagStart)") }
            switch tag & 7 {
            case 0:
                _ = try varint(bytes, &at)
                output.append(contentsOf: bytes[tagStart..<at])
            case 1, 5:
                let size = tag & 7 == 1 ? 8 : 4
                guard bytes.count - at >= size else { throw Malformed(problem: "truncated at byte \(at)") }
                at += size
                output.append(contentsOf: bytes[tagStart..<at])
            case 2:
                let length = try varint(bytes, &at)
                guard length <= UInt64(bytes.count - at) else {
                    throw Malformed(problem: "a field of \(length) bytes at byte \(at) runs past the end (\(bytes.count) bytes): truncated")
                }
                let end = at + Int(length)
                let body = UnsafeRawBufferPointer(rebasing: bytes[at..<end])
                if isDroppedData(message, field, length: Int(length)) {
                    // dropped: the weights' pages are never touched
                } else if let inner = child(message, field) {
                    var encoded: [UInt8] = []
                    try copy(body, as: inner, into: &encoded, depth: depth + 1)
                    appendVarint(tag, to: &output)
                    appendVarint(UInt64(encoded.count), to: &output)
                    output.append(contentsOf: encoded)
                } else {
                    output.append(contentsOf: bytes[tagStart..<end])
                }
                at = end
            default:
                throw Malformed(problem: "wire type \(tag & 7) at byte \(tagStart) (not protobuf, or corrupt)")
            }
        }
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ at: inout Int) throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < bytes.count else { throw Malformed(problem: "truncated varint at byte \(at)") }
            let byte = bytes[at]
            at += 1
            guard shift < 64 else { throw Malformed(problem: "varint longer than 10 bytes at byte \(at)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            output.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        output.append(UInt8(v))
    }
}
