import CatalogTestSupport
import Foundation
import Testing

extension CLI {
    /// `list --format json` parsed.
    func listJSON(_ extra: [String] = []) throws -> [[String: Any]] {
        let result = try run(["list", "--format", "json"] + extra)
        #expect(result.status == 0, "\(result)")
        let object = try JSONSerialization.jsonObject(with: result.stdoutData)
        return try #require(object as? [[String: Any]], "\(result)")
    }
}

/// A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and newlines inside.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
        if quoted {
            if character == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
        } else if character == "\"" {
            quoted = true
        } else if character == "," {
            row.append(field)
            field = ""
        } else if character == "\n" || character == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}

/// The values of every `"key": <integer>` member in JSON text, in order. Only a plain integer
/// literal counts: `1.0`, `1e3`, `"1"`, `null` and grouped digits do not.
func integerMembers(_ key: String, in text: String) -> [Int] {
    var values: [Int] = []
    let pattern = "\"" + key + "\"[ \t]*:[ \t]*(-?[0-9]+)[ \t]*[,}\n]"
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    for match in regex.matches(in: text, range: range) {
        if let group = Range(match.range(at: 1), in: text), let value = Int(text[group]) {
            values.append(value)
        }
    }
    return values
}

/// Every `"key": ...` member in JSON text, whatever its value.
func memberCount(_ key: String, in text: String) -> Int {
    text.components(separatedBy: "\"" + key + "\"").count - 1
}
