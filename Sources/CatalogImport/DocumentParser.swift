import CatalogCore
import Foundation
import Yams

/// Parses JSON or YAML text into ``ConfigValue``s.
///
/// Hostile input is refused with one line naming the problem and where it is, before it can
/// exhaust the stack, memory or time: files over ``maximumFileSize``, values nested deeper than
/// ``maximumDepth`` (Foundation's JSON parser stops at 512 levels, libyaml at 1000), and YAML
/// whose aliases expand to more values than the file has bytes (a "billion laughs" file would
/// otherwise expand exponentially while decoding) or that uses a list or mapping as a mapping key
/// (both refused from libyaml's events before Yams composes the tree: ``YAMLAliasBudget``).
enum DocumentParser {
    /// Files larger than this are refused before parsing (bytes).
    static let maximumFileSize = 64 * 1024 * 1024
    /// YAML files larger than this are refused before parsing (bytes): Yams builds the whole
    /// node tree first and takes about 1 s and 60 MB per MB of YAML (a 24 MB list took 22.6 s
    /// and 1.5 GB, a 30 MB alias-heavy file 97 s to be refused), ten times JSON's cost; 4 MiB
    /// holds far more than the largest architecture written by hand (ResNet-152 is under 1 MB).
    static let maximumYAMLSize = 4 * 1024 * 1024
    /// The deepest nesting of lists and objects accepted (Foundation's JSON limit).
    static let maximumDepth = 512

    /// Parses `data` as JSON when it starts like JSON (`{`, `[` or `"`), else as YAML.
    /// A UTF-8 byte-order mark is skipped.
    /// - Throws: ``ImportError`` naming `file` when the text is empty, too large, too deep, or
    ///   malformed (with the line and column).
    static func parse(_ data: Data, file: String) throws(ImportError) -> ConfigValue {
        guard data.count <= maximumFileSize else {
            throw ImportError(file: file, problem: "file is \(data.count) bytes; the limit is \(maximumFileSize)")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportError(file: file, problem: "UTF-16 text; save the file as UTF-8")
        }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ImportError(file: file, problem: "not UTF-8 text")
        }
        let trimmed = text.drop(while: { $0.isWhitespace })
        guard let first = trimmed.first else {
            throw ImportError(file: file, problem: "the file is empty")
        }
        if first == "{" || first == "[" || first == "\"" {
            // RFC 8259 first (duplicate keys, trailing commas), then JSONSerialization reads it;
            // JSONDecoder words the error when it cannot.
            if let value = ConfigValue.parseJSON(Data(bytes)) {
                try StrictJSON.validate(Data(bytes), file: file)
                return value
            }
            do {
                return try JSONDecoder().decode(ConfigValue.self, from: Data(bytes))
            } catch {
                throw ImportError(file: file, problem: "not valid JSON: \(jsonProblem(Data(bytes), error))")
            }
        }
        guard bytes.count <= maximumYAMLSize else {
            throw ImportError(file: file, problem: "YAML file of \(bytes.count) bytes; YAML is read up to \(maximumYAMLSize) bytes (JSON up to \(maximumFileSize)): convert it to JSON")
        }
        let value = try parseYAML(text, file: file)
        guard value.objectValue != nil else {
            throw ImportError(file: file, problem: "not an architecture: expected a JSON or YAML object at the top level")
        }
        return value
    }

    // MARK: - YAML

    private static func parseYAML(_ text: String, file: String) throws(ImportError) -> ConfigValue {
        let budget = max(text.utf8.count, 10_000)
        // Before Yams composes: it hashes mapping keys while composing, which an alias key
        // makes exponential (YAMLAliasBudget.swift).
        if let problem = YAMLAliasBudget.problem(in: text, budget: budget) {
            throw ImportError(file: file, problem: problem)
        }
        do {
            // The same parser settings as YAMLDecoder.decode(_:from: String).
            let parser = try Parser(yaml: text, resolver: Resolver.basic.appending(.merge))
            return try withExtendedLifetime(parser) {
                let node = try parser.singleRoot() ?? ""
                try checkExpansion(of: node, budget: budget, file: file)
                return try YAMLDecoder().decode(ConfigValue.self, from: node)
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: file, problem: "not valid YAML: \(yamlProblem(error))")
        }
    }

    /// Walks the composed YAML tree without recursion, refusing one nested deeper than
    /// ``maximumDepth`` or one whose aliases expand it past `budget` values.
    private static func checkExpansion(of root: Node, budget: Int, file: String) throws(ImportError) {
        var stack: [(Node, Int)] = [(root, 1)]
        var visited = 0
        while let (node, depth) = stack.popLast() {
            visited += 1
            if visited > budget {
                throw ImportError(file: file, problem: "not valid YAML: its aliases expand to more than \(budget) values (more than the file has bytes)")
            }
            if depth > maximumDepth {
                throw ImportError(file: file, problem: "not valid YAML: nested more than \(maximumDepth) levels deep")
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append((key, depth + 1)); stack.append((value, depth + 1)) }
            case .sequence(let sequence):
                for item in sequence { stack.append((item, depth + 1)) }
            case .scalar(let scalar):
                if let number = sexagesimalOverflow(scalar) {
                    let place = scalar.mark.map { "line \($0.line), column \($0.column): " } ?? ""
                    throw ImportError(file: file, problem: "not valid YAML: \(place)the base-60 number '\(number.prefix(40))' does not fit in 64 bits")
                }
            case .alias:
                break
            }
        }
    }

    /// Yams reads a plain scalar with colons as a YAML 1.1 base-60 integer (`1:30` is 90) with
    /// unchecked arithmetic, and traps once it overflows (found by fuzzing: eleven components
    /// suffice). Returns the scalar's text if reading it as an integer would overflow.
    private static func sexagesimalOverflow(_ scalar: Node.Scalar) -> String? {
        guard scalar.style == .any || scalar.style == .plain, scalar.string.contains(":") else { return nil }
        var text = Substring(scalar.string.replacingOccurrences(of: "_", with: ""))
        if text.hasPrefix("-") || text.hasPrefix("+") { text = text.dropFirst() }
        let digits = text.components(separatedBy: ":").map { Int($0) }
        guard digits.allSatisfy({ $0 != nil }) else { return nil }  // not a number: read as text
        var base = 1
        var value = 0
        for digit in digits.reversed().map({ $0! }) {
            let (term, overflow1) = digit.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = value.addingReportingOverflow(term)
            let (next, overflow3) = base.multipliedReportingOverflow(by: 60)
            if overflow1 || overflow2 || overflow3 { return scalar.string }
            (value, base) = (sum, next)
        }
        return nil
    }

    /// One line for a YAML error: "line 4, column 1: found a tab character …".
    private static func yamlProblem(_ error: any Error) -> String {
        var error = error
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError {
            error = underlying
        }
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> String {
            let what = context.map { "\($0.text): \(problem)" } ?? problem
            return "line \(mark.line), column \(mark.column): \(what)"
        }
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
             YamlError.parser(let context, let problem, let mark, _),
             YamlError.composer(let context, let problem, let mark, _):
            if problem.lowercased().contains("nesting") {
                return "line \(mark.line), column \(mark.column): nested too deeply (the YAML parser stops at 1000 levels)"
            }
            return located(context, problem, mark)
        case YamlError.reader(let problem, let offset, _, _):
            return offset.map { "\(problem) at byte \($0)" } ?? problem
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            return "line \(context.mark.line), column \(context.mark.column): duplicate keys \(duplicates.joined(separator: ", "))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "at \(codingPath(context)): \(context.debugDescription)"
        default:
            return String(String(describing: error).prefix(200))
        }
    }

    // MARK: - JSON

    /// One line for a JSON error, with the line and column where Foundation's parser stopped.
    private static func jsonProblem(_ data: Data, _ error: any Error) -> String {
        // JSONDecoder says only "The given data was not valid JSON."; JSONSerialization says
        // what and where ("Invalid value around character 8.").
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch let syntax as NSError {
            if let detail = syntax.userInfo[NSDebugDescriptionErrorKey] as? String {
                return describe(detail, in: data)
            }
        }
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context), DecodingError.keyNotFound(_, let context):
            return "at \(codingPath(context)): \(context.debugDescription)"
        default:
            return String(String(describing: error).prefix(200))
        }
    }

    /// "Invalid value around character 8." → "line 1, column 9: invalid value".
    private static func describe(_ detail: String, in data: Data) -> String {
        var sentence = detail.trimmingCharacters(in: .whitespaces)
        if sentence.hasSuffix(".") { sentence.removeLast() }
        guard let range = sentence.range(of: " around character "),
              let offset = Int(sentence[range.upperBound...]) else {
            return lowercasedFirst(sentence)
        }
        var what = lowercasedFirst(String(sentence[..<range.lowerBound]))
        if what.hasPrefix("too many nested arrays or dictionaries") {
            what = "nested more than \(maximumDepth) levels deep"
        }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
                column += 1
            }
        }
        return "line \(line), column \(column): \(what)"
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    private static func codingPath(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return path.isEmpty ? "the top level" : String(path.drop(while: { $0 == "." }))
    }
}
