import CatalogCore
import Foundation
import Testing

@testable import CatalogStore

/// Layer and tensor rows are inserted many per statement (`MultiRowInserter` in
/// Sources/CatalogStore/SQLiteFastPaths.swift). The rows read back by raw SQL must be the
/// records given, in order, whatever the number of statements, and a failing row must leave
/// nothing of its architecture behind.
@Suite("Multi-row inserts of layers and tensors")
struct MultiRowInsertTests {
    /// `count` layers `layer_0` … with every column set from the position.
    static func layers(_ count: Int) -> [LayerRecord] {
        (0..<count).map { position in
            LayerRecord(
                position: position, name: "layer_\(position)", type: position % 2 == 0 ? "Linear" : "ReLU",
                config: #"{"units":\#(position + 1)}"#, inbound: #"[["layer_\#(max(0, position - 1))"]]"#,
                trainable: position % 3 != 0, outputShapes: "[[\(position + 7)]]",
                params: position % 5 == 0 ? nil : position * 11, trainableParams: position * 7,
                nonTrainableParams: position % 3 == 0 ? position * 4 : 0, macs: 9_000_000_000_000 + position)
        }
    }

    /// `count` tensors; tensor `k` belongs to layer `k / 2` when `k` is even, else to no layer.
    static func weights(_ count: Int) -> StoredWeights {
        let tensors = (0..<count).map { index in
            TensorRecord(
                name: "t\(index).weight", dtype: index % 2 == 0 ? "BF16" : "F32", shape: "[\(index + 1),4096]",
                elements: (index + 1) * 4096, bytes: index % 7 == 0 ? nil : (index + 1) * 8192,
                layer: index % 2 == 0 ? "layer_\(index / 2)" : nil, isBuffer: index % 11 == 0,
                uncountedReason: index % 13 == 0 ? "optimizer state" : nil)
        }
        return StoredWeights(tensors: tensors, paramsByDType: #"{"BF16":1}"#, weightBytes: 42, metadata: nil)
    }

    /// Every layer row as text, in id order, by raw SQL.
    static func layerRows(_ database: CatalogDatabase) throws -> String? {
        try database.fetchTextForTesting("""
            SELECT group_concat(row, char(10)) FROM (SELECT architecture_id || '|' || position || '|' || name || '|' || type
            || '|' || config || '|' || inbound || '|' || trainable || '|' || output_shapes || '|' || ifnull(params, 'NULL')
            || '|' || trainable_params || '|' || non_trainable_params || '|' || macs || '|' || typeof(macs) AS row
            FROM layers ORDER BY id)
            """)
    }

    /// The same rows as ``layerRows(_:)`` builds them from the records.
    static func expectedLayerRows(_ layers: [LayerRecord], architecture id: Int64) -> String {
        layers.map { layer in
            [
                "\(id)", "\(layer.position)", layer.name, layer.type, layer.config, layer.inbound,
                layer.trainable ? "1" : "0", layer.outputShapes!, layer.params.map(String.init) ?? "NULL",
                "\(layer.trainableParams!)", "\(layer.nonTrainableParams!)", "\(layer.macs!)", "integer",
            ].joined(separator: "|")
        }.joined(separator: "\n")
    }

    @Test("Row counts across one, two and three statements (and statements of 5 and 6 rows) round-trip", arguments: [
        (1, 1, Int32?.none), (100, 100, nil), (101, 203, nil), (237, 305, nil), (25, 31, 60),
    ])
    func rowsRoundTrip(layerCount: Int, tensorCount: Int, variableLimit: Int32?) throws {
        let database = try CatalogDatabase.inMemory()
        if let variableLimit { database.setVariableLimitForTesting(variableLimit) }
        var architecture = Sample.architecture("net")
        architecture.weights = Self.weights(tensorCount)
        let layers = Self.layers(layerCount)

        let id = try database.saveArchitecture(architecture, layers: layers, replace: false)

        #expect(try Self.layerRows(database) == Self.expectedLayerRows(layers, architecture: id))
        // Ids follow the positions, as one insert per row gave them.
        #expect(try database.rawCount("SELECT count(*) FROM layers a JOIN layers b ON a.position < b.position AND a.id > b.id") == 0)
        let stored = try #require(try database.weights(ofArchitecture: id))
        let expected = architecture.weights!.tensors.map { tensor -> TensorRecord in
            var tensor = tensor
            if let layer = tensor.layer, Int(layer.dropFirst("layer_".count))! >= layerCount { tensor.layer = nil }
            return tensor
        }
        #expect(stored.tensors == expected)
        #expect(try database.rawCount("SELECT count(*) FROM tensors WHERE position <> CAST(substr(name, 2, instr(name, '.') - 2) AS INTEGER)") == 0)
        #expect(try database.rawCount("SELECT count(*) FROM tensors WHERE layer_id IS NOT NULL") == expected.filter { $0.layer != nil }.count)
    }

    @Test("The statement sizes: at most 8 rows, fewer when SQLite allows fewer parameters")
    func statementSizes() {
        func rows(_ count: Int, _ perRow: Int = 11, limit: Int = 32_766) -> Int {
            MultiRowInserter.rowsPerStatement(count: count, parametersPerRow: perRow, variableLimit: limit)
        }
        #expect(rows(1) == 1)
        #expect(rows(7) == 7)
        #expect(rows(196) == 8)  // 24 statements of 8 and one of 4
        #expect(rows(291, 9) == 8)
        #expect(rows(25, 11, limit: 30) == 2)  // (30 − 1) / 11 = 2 rows of 11 parameters and ?1
        #expect(rows(25, 11, limit: 60) == 5)
        #expect(rows(25, 11, limit: 89) == 8)  // 8 · 11 + 1 = 89
        #expect(rows(25, 11, limit: 88) == 7)
        #expect(rows(5, 11, limit: 5) == 1)
    }

    @Test("A statement's text: ?1 shared, each row's parameters numbered on")
    func statementText() throws {
        let database = try CatalogDatabase.inMemory()
        let texts = database.multiRowSQLForTesting(rows: 2)
        #expect(texts.layers == """
            INSERT INTO layers (architecture_id, position, name, type, config, inbound, trainable, output_shapes, params, \
            trainable_params, non_trainable_params, macs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12), \
            (?1, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
            """)
        #expect(texts.tensors == """
            INSERT INTO tensors (architecture_id, layer_id, position, name, dtype, shape, elements, bytes, buffer, \
            uncounted_reason) VALUES (?1, (SELECT id FROM layers WHERE architecture_id = ?1 AND name = ?2), ?3, ?4, ?5, \
            ?6, ?7, ?8, ?9, ?10), (?1, (SELECT id FROM layers WHERE architecture_id = ?1 AND name = ?11), ?12, ?13, ?14, \
            ?15, ?16, ?17, ?18, ?19)
            """)
    }

    @Test("A failing row in a later statement leaves nothing of its architecture; the next item is saved")
    func failingRowRollsBackTheArchitecture() throws {
        let database = try CatalogDatabase.inMemory()
        var layers = Self.layers(250)
        layers[230].config = "{not json"
        var broken = Sample.architecture("broken")
        broken.weights = Self.weights(40)
        var tensorsBroken = Sample.architecture("tensors-broken")
        var weights = Self.weights(260)
        weights.tensors[250].shape = "not json"
        tensorsBroken.weights = weights

        let results = try database.save([
            (broken, layers, false), (tensorsBroken, Self.layers(200), false), (Sample.architecture("fine"), Self.layers(120), false),
        ])

        guard case .failure(.constraint(let message)) = results[0] else {
            Issue.record("expected a constraint error, got \(results[0])")
            return
        }
        #expect(message.contains("json_valid(config)"))
        guard case .failure(.constraint(let shapeMessage)) = results[1] else {
            Issue.record("expected a constraint error, got \(results[1])")
            return
        }
        #expect(shapeMessage.contains("json_valid(shape)"))
        let id = try results[2].get().id
        #expect(try database.architectureNames() == ["fine"])
        #expect(try database.rawCount("SELECT count(*) FROM layers") == 120)
        #expect(try database.rawCount("SELECT count(*) FROM layers WHERE architecture_id <> \(id)") == 0)
        #expect(try database.rawCount("SELECT count(*) FROM tensors") == 0)
    }
}
