import CatalogCore
import Foundation
import SwiftProtobuf

// onnx.proto messages (generated, Generated/onnx.pb.swift) to CatalogCore's ONNX values.

enum ONNXProtoConversion {
    struct Invalid: Error { let problem: String }

    /// Largest dim accepted in a file (2^40): anything larger is corrupt, not a model.
    static let maximumDim: Int64 = 1 << 40

    static func graph(_ proto: Onnx_GraphProto, depth: Int = 0) throws(Invalid) -> ONNXGraph {
        guard depth <= 32 else { throw Invalid(problem: "subgraphs nested more than 32 deep") }
        var initializers: [ONNXConstant] = []
        for tensor in proto.initializer { initializers.append(try constant(tensor)) }
        // A sparse initializer is a weight of its dense dims (its values tensor names it).
        for sparse in proto.sparseInitializer {
            var dense = try constant(sparse.values)
            dense.dims = []
            for d in sparse.dims {
                guard d >= 0, d <= maximumDim else { throw Invalid(problem: "sparse tensor '\(dense.name)' has the dim \(d)") }
                dense.dims.append(Int(d))
            }
            dense.integerValues = nil
            dense.floatValues = nil
            initializers.append(dense)
        }
        let initializerNames = Set(initializers.map(\.name))
        var nodes: [ONNXNode] = []
        for node in proto.node { nodes.append(try self.node(node, depth: depth)) }
        return ONNXGraph(
            inputs: try proto.input.filter { !initializerNames.contains($0.name) }.map(valueInfo),
            outputs: try proto.output.map(valueInfo), valueInfo: try proto.valueInfo.map(valueInfo),
            initializers: initializers, nodes: nodes)
    }

    static func node(_ proto: Onnx_NodeProto, depth: Int) throws(Invalid) -> ONNXNode {
        var attributes: [String: ONNXAttribute] = [:]
        for attribute in proto.attribute { attributes[attribute.name] = try self.attribute(attribute, depth: depth) }
        return ONNXNode(
            name: proto.name, opType: proto.opType, domain: proto.domain, inputs: proto.input,
            outputs: proto.output, attributes: attributes)
    }

    static func attribute(_ proto: Onnx_AttributeProto, depth: Int) throws(Invalid) -> ONNXAttribute {
        // Files written before IR 4 may leave `type` unset: the filled field tells.
        var type = proto.type
        if !proto.hasType || type == .undefined {
            if proto.hasG { type = .graph } else if proto.hasT { type = .tensor } else if !proto.ints.isEmpty { type = .ints }
            else if !proto.floats.isEmpty { type = .floats } else if proto.hasS { type = .string }
            else if proto.hasF { type = .float } else if proto.hasI { type = .int }
        }
        switch type {
        case .int: return .int(Int(proto.i))
        case .float: return .float(Double(proto.f))
        case .string: return .string(String(decoding: proto.s, as: UTF8.self))
        case .ints: return .ints(proto.ints.map { Int($0) })
        case .floats: return .floats(proto.floats.map(Double.init))
        case .strings: return .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) })
        case .tensor: return .tensor(try constant(proto.t))
        case .graph: return .graph(try graph(proto.g, depth: depth + 1))
        case .graphs:
            var graphs: [ONNXGraph] = []
            for g in proto.graphs { graphs.append(try graph(g, depth: depth + 1)) }
            return .graphs(graphs)
        default: return .other
        }
    }

    static func valueInfo(_ proto: Onnx_ValueInfoProto) throws(Invalid) -> ONNXValueInfo {
        guard proto.hasType, case .tensorType(let tensor)? = proto.type.value else {
            return ONNXValueInfo(name: proto.name, elementType: 0, shape: nil)
        }
        guard tensor.hasShape else { return ONNXValueInfo(name: proto.name, elementType: Int(tensor.elemType), shape: nil) }
        var dims: [ONNXDim] = []
        for dim in tensor.shape.dim {
            switch dim.value {
            case .dimValue(let v)?:
                guard v >= 0, v <= maximumDim else { throw Invalid(problem: "value '\(proto.name)' has the dim \(v)") }
                dims.append(.value(Int(v)))
            case .dimParam(let p)? where !p.isEmpty: dims.append(.symbol(p))
            default: dims.append(.unknown)
            }
        }
        return ONNXValueInfo(name: proto.name, elementType: Int(tensor.elemType), shape: dims)
    }

    /// A tensor's dims and type, and the values of a small integer or float tensor.
    static func constant(_ proto: Onnx_TensorProto) throws(Invalid) -> ONNXConstant {
        var dims: [Int] = []
        for d in proto.dims {
            guard d >= 0, d <= maximumDim else { throw Invalid(problem: "tensor '\(proto.name)' has the dim \(d)") }
            dims.append(Int(d))
        }
        var result = ONNXConstant(
            name: proto.name, dataType: Int(proto.dataType), dims: dims,
            isExternal: proto.dataLocation == .external)
        guard let elements = result.elements, elements <= ONNXConstant.maximumKeptValues, !result.isExternal else {
            return result
        }
        let raw = proto.rawData
        switch Int(proto.dataType) {
        case 7:  // INT64
            if !proto.int64Data.isEmpty { result.integerValues = proto.int64Data.map { Int($0) } }
            else if raw.count == elements * 8 { result.integerValues = little(raw, 8, signed: true) }
        case 6, 3, 5, 2, 4, 9, 12:  // INT32, INT8, INT16, UINT8, UINT16, BOOL, UINT32
            let size = [6: 4, 3: 1, 5: 2, 2: 1, 4: 2, 9: 1, 12: 4][Int(proto.dataType)]!
            let signed = [6, 3, 5].contains(Int(proto.dataType))
            if !proto.int32Data.isEmpty { result.integerValues = proto.int32Data.map { Int($0) } }
            else if raw.count == elements * size { result.integerValues = little(raw, size, signed: signed) }
        case 1:  // FLOAT
            if !proto.floatData.isEmpty { result.floatValues = proto.floatData.map(Double.init) }
            else if raw.count == elements * 4 {
                result.floatValues = little(raw, 4, signed: false).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
            }
        case 11:  // DOUBLE
            if !proto.doubleData.isEmpty { result.floatValues = proto.doubleData }
            else if raw.count == elements * 8 {
                result.floatValues = little(raw, 8, signed: false).map { Double(bitPattern: UInt64(bitPattern: Int64($0))) }
            }
        default: break
        }
        if let values = result.integerValues, values.count != elements { result.integerValues = nil }
        if let values = result.floatValues, values.count != elements { result.floatValues = nil }
        return result
    }

    /// Little-endian integers of `size` bytes.
    static func little(_ data: Data, _ size: Int, signed: Bool) -> [Int] {
        var values: [Int] = []
        let bytes = [UInt8](data)
        var at = 0
        while at + size <= bytes.count {
            var v: UInt64 = 0
            for i in 0..<size { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            if signed && size < 8 && v & (1 << (8 * UInt64(size) - 1)) != 0 { v |= ~((1 << (8 * UInt64(size))) - 1) }
            values.append(Int(truncatingIfNeeded: v))
            at += size
        }
        return values
    }

    /// Local functions by `domain:name`.
    static func functions(_ protos: [Onnx_FunctionProto]) throws(Invalid) -> [String: ONNXFunction] {
        var result: [String: ONNXFunction] = [:]
        for proto in protos {
            var nodes: [ONNXNode] = []
            for node in proto.node { nodes.append(try self.node(node, depth: 1)) }
            result[proto.domain + ":" + proto.name] = ONNXFunction(
                name: proto.name, domain: proto.domain, inputs: proto.input, outputs: proto.output, nodes: nodes)
        }
        return result
    }
}
