internal import GRDB

// MARK: - The `layers` columns, defined once

/// The columns of `layers`, in the order a select of ``LayerRecord/selectedColumns`` returns
/// them: the raw value is the column's position there; an insert of ``LayerRecord/insertColumns``
/// binds them in this order (the row id being first and never inserted;
/// ``LayerRecord/bind(_:from:)``). Every list of layer columns and the mappings to the record's
/// properties (``LayerRecord/value(of:)``, ``LayerRecord/init(columnsOf:)``) derive from it.
enum LayerColumn: Int32, CaseIterable {
    case id, architectureID, position, name, type, config, inbound, trainable
    // The cached columns (computed by the service).
    case outputShapes, params, trainableParams, nonTrainableParams, macs

    /// The column's name in SQL.
    var sqlName: String {
        switch self {
        case .id: "id"
        case .architectureID: "architecture_id"
        case .position: "position"
        case .name: "name"
        case .type: "type"
        case .config: "config"
        case .inbound: "inbound"
        case .trainable: "trainable"
        case .outputShapes: "output_shapes"
        case .params: "params"
        case .trainableParams: "trainable_params"
        case .nonTrainableParams: "non_trainable_params"
        case .macs: "macs"
        }
    }

    /// The columns an insert writes: all but the row id, in bind order.
    static let inserted = allCases.filter { $0 != .id }

    /// The columns the compute service fills (`output_shapes` … `macs`).
    static let cached = allCases.filter { $0.rawValue >= outputShapes.rawValue }
}

/// A value to bind: SQLite's two storage classes the records use.
enum ColumnValue {
    case integer(Int64?)
    case text(String?)

    /// The value as GRDB binds it.
    var databaseValue: (any DatabaseValueConvertible)? {
        switch self {
        case .integer(let value): value
        case .text(let value): value
        }
    }
}

extension LayerRecord {
    /// The value written for `column` (the row id and the architecture id as the record holds
    /// them; saving binds the new architecture id instead).
    func value(of column: LayerColumn) -> ColumnValue {
        switch column {
        case .id: .integer(id)
        case .architectureID: .integer(architectureID)
        case .position: .integer(Int64(position))
        case .name: .text(name)
        case .type: .text(type)
        case .config: .text(config)
        case .inbound: .text(inbound)
        case .trainable: .integer(trainable ? 1 : 0)
        case .outputShapes: .text(outputShapes)
        case .params: .integer(params.map(Int64.init))
        case .trainableParams: .integer(trainableParams.map(Int64.init))
        case .nonTrainableParams: .integer(nonTrainableParams.map(Int64.init))
        case .macs: .integer(macs.map(Int64.init))
        }
    }

    /// A record from the current row of a statement selecting ``selectedColumns``, read by
    /// position (``LayerColumn``'s raw values) through SQLite's C API: GRDB's lookup by name
    /// cost more than the values.
    /// - Throws: ``StoreError/underlying(_:)`` naming the table, row and column of a value that
    ///   is not an integer (a hand-edited database).
    init(columnsOf statement: OpaquePointer) throws(StoreError) {
        self.init(position: 0, name: "", type: "")
        for column in LayerColumn.allCases {
            let position = column.rawValue
            func integer() throws(StoreError) -> Int? { try columnInteger(statement, position, table: "layers") }
            func text() -> String? { columnText(statement, position) }
            switch column {
            case .id: id = try integer().map(Int64.init)
            case .architectureID: architectureID = try integer().map(Int64.init)
            case .position: self.position = try integer() ?? 0
            case .name: name = text() ?? ""
            case .type: type = text() ?? ""
            case .config: config = text() ?? "{}"
            case .inbound: inbound = text() ?? "[]"
            case .trainable: trainable = try integer() != 0
            case .outputShapes: outputShapes = text()
            case .params: params = try integer()
            case .trainableParams: trainableParams = try integer()
            case .nonTrainableParams: nonTrainableParams = try integer()
            case .macs: macs = try integer()
            }
        }
    }

    /// Every column of `layers` as a select list, in ``LayerColumn``'s order.
    static let selectedColumns = LayerColumn.allCases.map(\.sqlName).joined(separator: ", ")

    /// The number of columns in ``selectedColumns`` (the position of a column selected after them).
    static let selectedColumnCount = Int32(LayerColumn.allCases.count)

    /// The columns written by an insert, in bind order.
    static let insertColumns = LayerColumn.inserted.map(\.sqlName)

    /// The cached columns, in the order of ``cachedArguments``.
    static let cachedColumns = LayerColumn.cached.map(\.sqlName)

    /// The values of ``cachedColumns``.
    var cachedArguments: StatementArguments {
        StatementArguments(LayerColumn.cached.map { value(of: $0).databaseValue })
    }
}
