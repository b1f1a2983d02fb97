import CatalogCore
@testable import CatalogImport
import Foundation
import Testing

/// Fixtures/weights/safetensors-headers.json, written by scripts/safetensors_header_table.py:
/// headers (valid and malformed) and whether the safetensors library's `safe_open` opens a file
/// with each, with the tensors and metadata it then reports.
@Suite("safetensors headers against the library")
struct SafeTensorsHeaderTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let description: String
        let header: Data
        let dataLength: Int
        let accepted: Bool
        let libraryError: String
        /// Name → (dtype, shape), as the library reports them (accepted cases).
        let tensors: [String: String]
        let metadata: [String: String]?
        var testDescription: String { description }
    }

    /// Where the catalog refuses what the library accepts, on purpose: its dtype table
    /// (TensorDType.safetensors) has no complex type.
    static let deliberateDifferences: Set<String> = ["dtype C64 (the library's complex type)"]

    static let cases: [Case] = {
        guard let table = try? WeightFixtures.json("safetensors-headers.json"),
              let rows = table["cases"] as? [[String: Any]] else { return [] }
        return rows.map { row in
            var tensors: [String: String] = [:]
            for (name, info) in (row["tensors"] as? [String: [String: Any]]) ?? [:] {
                tensors[name] = "\(info["dtype"] as? String ?? "?") \((info["shape"] as? [Int]) ?? [])"
            }
            return Case(
                description: row["description"] as? String ?? "?",
                header: Data(base64Encoded: row["header"] as? String ?? "") ?? Data(),
                dataLength: row["dataLength"] as? Int ?? 0,
                accepted: row["accepted"] as? Bool ?? false,
                libraryError: row["libraryError"] as? String ?? "",
                tensors: tensors,
                metadata: row["metadata"] as? [String: String])
        }
    }()

    @Test func tableIsThere() {
        // The table holds both outcomes (152 cases when written).
        #expect(Self.cases.count >= 150)
        #expect(Self.cases.contains { $0.accepted } && Self.cases.contains { !$0.accepted })
    }

    @Test(arguments: cases)
    func acceptsAndRefusesAsTheLibraryDoes(_ row: Case) throws {
        var bytes = Data()
        var length = UInt64(row.header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(row.header)
        bytes.append(Data(count: row.dataLength))
        let result = Result { () throws(ImportError) -> WeightFile in try SafeTensorsReader.read(bytes, file: "case.safetensors") }
        if Self.deliberateDifferences.contains(row.description) {
            #expect(row.accepted)
            #expect(throws: ImportError.self) { try result.get() }
            return
        }
        switch result {
        case .success(let file):
            #expect(row.accepted, "the library refuses it: \(row.libraryError)")
            var tensors: [String: String] = [:]
            for tensor in file.tensors { tensors[tensor.name] = "\(tensor.dtype) \(tensor.shape)" }
            #expect(tensors == row.tensors)
            let metadata = Dictionary(file.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            #expect(metadata == (row.metadata ?? [:]))
            #expect(file.metadata.count == metadata.count)
        case .failure(let error):
            #expect(!row.accepted, "the library accepts it; the catalog says: \(error)")
            #expect(error.description.contains("case.safetensors") && error.description.contains("safetensors: "))
        }
    }
}

/// The shard index's plain path (``WeightFolderReader/plainIndex(_:)``) against
/// JSONSerialization, which reads every index the plain path declines.
@Suite("checkpoint index reading")
struct WeightFolderIndexTests {
    /// (text, whether the plain path must take it)
    static let texts: [(String, Bool)] = [
        (#"{"metadata": {"total_size": 64}, "weight_map": {"a.weight": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}"#, true),
        (#"{"weight_map": {"a": "s1", "b": "s1"}}"#, true),
        (#" {"weight_map":{"\u0061\n\"é😀\ud83d\ude00":"s\/1"},"metadata":{"total_size":5,"format":"pt"}} "#, true),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":18446744073709551615}}"#, false),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":9223372036854775807,"x":[1.5,-2e3,null,true,{"y":{}}]}}"#, true),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":"12"}}"#, true),
        (#"{"weight_map":{"a":"s1"},"metadata":[1,2]}"#, true),
        (#"{"weight_map":{"a":"s1"},"metadata":null}"#, true),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":1.5}}"#, false),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":-3}}"#, false),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":1e3}}"#, false),
        (#"{"weight_map":{"a":"s1"},"metadata":{"total_size":true}}"#, false),
        (#"{"weight_map":{"a":"s1","a":"s2"}}"#, false),
        (#"{"weight_map":{"a":"s1"},"weight_map":{"b":"s2"}}"#, false),
        (#"{"weight_map":{"a":1}}"#, false),
        (#"{"weight_map":["a"]}"#, false),
        (#"{"metadata":{}}"#, false),
        (#"[{"weight_map":{"a":"s1"}}]"#, false),
        (#"{"weight_map":{"a":"s1"},}"#, false),
        (#"{"weight_map":{"a":"s1"}} x"#, false),
        (#"{"weight_map":{"a":"s\ud800"}}"#, false),
        ("", false),
    ]

    @Test(arguments: 0..<texts.count)
    func plainPathAgreesWithJSONSerialization(_ number: Int) throws {
        let (text, plain) = Self.texts[number]
        let data = Data(text.utf8)
        let fast = WeightFolderReader.plainIndex(data)
        #expect((fast != nil) == plain, "\(text)")
        guard let fast else { return }
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(fast.map == object["weight_map"] as? [String: String])
        #expect(fast.totalSize == (object["metadata"] as? [String: Any])?["total_size"] as? Int)
    }

    /// An index that is not JSON is refused with where and why, as Python's json refuses it (a
    /// trailing comma included, which JSONSerialization would accept); valid JSON gives nil.
    @Test func invalidIndexJSONSaysWhereAndWhy() {
        #expect(WeightFolderReader.jsonProblem(Data(#"{"weight_map": {"a": "s"}} x"#.utf8))
            == "not valid JSON: line 1 column 28: unexpected 'x' where the end of the text was expected")
        #expect(WeightFolderReader.jsonProblem(Data("{\"weight_map\": {\n\"a\": \"s\",}}".utf8))
            == "not valid JSON: line 2 column 10: a trailing comma")  // at the brace after it, as serde_json says
        #expect(WeightFolderReader.jsonProblem(Data(#"{"weight_map": {"a": "s", "a": "t"}}"#.utf8)) == nil)
    }
}
