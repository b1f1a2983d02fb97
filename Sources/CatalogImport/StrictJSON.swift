import CatalogCore
import Foundation

/// Checks that JSON text is RFC 8259 JSON before it is parsed: no trailing commas, no comments,
/// no duplicate keys in an object (Foundation's parser reads `{"units": 10, "units": 20}` as 20
/// and may accept a trailing comma). Values are not built here; `DocumentParser` parses the text
/// once it passes.
enum StrictJSON {
    private struct Failure: Error { let message: String; let offset: Int }
    /// Nesting past ``DocumentParser/maximumDepth`` is left to the parser's own message.
    private struct TooDeep: Error {}

    /// - Throws: ``ImportError`` naming `file`, the line and the problem: a duplicate key names
    ///   the key and the object's `name` (or `type`, `class_name`) when it has one.
    static func validate(_ bytes: Data, file: String) throws(ImportError) {
        let array = [UInt8](bytes)
        var scanner = Scanner(bytes: array)
        do {
            try scanner.skipSpace()
            try scanner.value(depth: 0)
            try scanner.skipSpace()
            if scanner.index < array.count {
                throw Failure(message: "unexpected text after the end of the JSON value", offset: scanner.index)
            }
        } catch let failure as Failure {
            let line = array.prefix(failure.offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ImportError(file: file, problem: "not valid JSON: line \(line): \(failure.message) (RFC 8259)")
        } catch {
            return
        }
    }

    /// Whether `token` is a number of RFC 8259's grammar (section 6), the regular expression
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` read byte by byte. (Matching that
    /// expression with `String.range(of:options: .regularExpression)` took 190 of the 611
    /// million instructions of adding ResNet-152's 5,945 numbers: BENCHMARKS.md.)
    static func isNumber(_ token: ArraySlice<UInt8>) -> Bool {
        var index = token.startIndex
        func isDigit(_ at: Int) -> Bool { at < token.endIndex && token[at] >= UInt8(ascii: "0") && token[at] <= UInt8(ascii: "9") }
        func digits() -> Bool {
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
            return true
        }
        if index < token.endIndex, token[index] == UInt8(ascii: "-") { index += 1 }
        if index < token.endIndex, token[index] == UInt8(ascii: "0") {
            index += 1
        } else if !digits() {
            return false
        }
        if index < token.endIndex, token[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() else { return false }
        }
        if index < token.endIndex, token[index] == UInt8(ascii: "e") || token[index] == UInt8(ascii: "E") {
            index += 1
            if index < token.endIndex, token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() else { return false }
        }
        return index == token.endIndex
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() throws {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                case UInt8(ascii: "/"): throw Failure(message: "comments are not JSON", offset: index)
                default: return
                }
            }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func value(depth: Int) throws {
            guard depth < DocumentParser.maximumDepth else { throw TooDeep() }
            guard let byte = peek() else { throw Failure(message: "unexpected end of the text", offset: index) }
            switch byte {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: try number()
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw Failure(message: "unexpected character '\(Character(UnicodeScalar(bytes[index])))'", offset: index)
            }
            index += expected.count
        }

        mutating func number() throws {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                index += 1
            }
            guard StrictJSON.isNumber(bytes[start..<index]) else {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                let shown = text.isEmpty ? String(Character(UnicodeScalar(bytes[start]))) : text
                throw Failure(message: "'\(shown)' is not a JSON value", offset: start)
            }
        }

        /// A string; returns its text when it is short and has no escapes (keys, names).
        mutating func string() throws -> String {
            let start = index
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    let raw = bytes[(start + 1)..<(index - 1)]
                    if !escaped { return String(decoding: raw, as: UTF8.self) }
                    if let decoded = try? JSONDecoder().decode(String.self, from: Data(bytes[start..<index])) { return decoded }
                    throw Failure(message: "invalid escape in a string", offset: start)
                }
                if byte < 0x20 { throw Failure(message: "a control character inside a string", offset: index) }
                index += 1
            }
            throw Failure(message: "unterminated string", offset: start)
        }

        mutating func array(depth: Int) throws {
            index += 1
            try skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value(depth: depth + 1)
                try skipSpace()
                guard let byte = peek() else { throw Failure(message: "unterminated list", offset: index) }
                index += 1
                if byte == UInt8(ascii: "]") { return }
                guard byte == UInt8(ascii: ",") else {
                    throw Failure(message: "expected ',' or ']' in a list", offset: index - 1)
                }
                try skipSpace()
                if peek() == UInt8(ascii: "]") { throw Failure(message: "a trailing comma before ']'", offset: index) }
            }
        }

        mutating func object(depth: Int) throws {
            index += 1
            try skipSpace()
            if peek() == UInt8(ascii: "}") { index += 1; return }
            var keys = Set<String>()
            var duplicate: (key: String, offset: Int)?
            var label: String?
            while true {
                guard peek() == UInt8(ascii: "\"") else {
                    throw Failure(message: "expected a key in quotes", offset: index)
                }
                let keyStart = index
                let key = try string()
                if !keys.insert(key).inserted, duplicate == nil { duplicate = (key, keyStart) }
                try skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw Failure(message: "expected ':' after key '\(key)'", offset: index) }
                index += 1
                try skipSpace()
                if ["name", "type", "class_name"].contains(key), peek() == UInt8(ascii: "\"") {
                    let text = try string()
                    if label == nil || key == "name" { label = text }
                } else {
                    try value(depth: depth + 1)
                }
                try skipSpace()
                guard let byte = peek() else { throw Failure(message: "unterminated object", offset: index) }
                index += 1
                if byte == UInt8(ascii: "}") { break }
                guard byte == UInt8(ascii: ",") else {
                    throw Failure(message: "expected ',' or '}' in an object", offset: index - 1)
                }
                try skipSpace()
                if peek() == UInt8(ascii: "}") { throw Failure(message: "a trailing comma before '}'", offset: index) }
            }
            if let duplicate {
                // The line of the second occurrence; the layer named when the object is one
                // (the document's own top-level object has the model's name, not a layer's).
                let owner = depth > 0 ? label.map { " in layer '\($0)'" } ?? "" : ""
                throw Failure(message: "duplicate key '\(duplicate.key)'\(owner)", offset: duplicate.offset)
            }
        }
    }
}
