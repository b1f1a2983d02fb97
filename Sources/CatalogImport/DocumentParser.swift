import CatalogCore
import Foundation
import Yams

/// Parses JSON or YAML text into ``ConfigValue``s.
enum DocumentParser {
    /// Files larger than this are refused before parsing (bytes).
    static let maximumFileSize = 64 * 1024 * 1024

    /// Parses `data` as JSON when it starts like JSON (`{`, `[` or `"`), else as YAML.
    /// A UTF-8 byte-order mark is skipped.
    /// - Throws: ``ImportError`` naming `file` when the text is empty, too large, or malformed.
    static func parse(_ data: Data, file: String) throws(ImportError) -> ConfigValue {
        guard data.count <= maximumFileSize else {
            throw ImportError(file: file, problem: "file is \(data.count) bytes; the limit is \(maximumFileSize)")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ImportError(file: file, problem: "not UTF-8 text")
        }
        let trimmed = text.drop(while: { $0.isWhitespace })
        guard let first = trimmed.first else {
            throw ImportError(file: file, problem: "the file is empty")
        }
        if first == "{" || first == "[" || first == "\"" {
            do {
                return try JSONDecoder().decode(ConfigValue.self, from: Data(bytes))
            } catch {
                throw ImportError(file: file, problem: "not valid JSON: \(jsonProblem(error))")
            }
        }
        do {
            let value = try YAMLDecoder().decode(ConfigValue.self, from: text)
            guard value.objectValue != nil else {
                throw ImportError(file: file, problem: "not an architecture: expected a JSON or YAML object at the top level")
            }
            return value
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: file, problem: "not valid JSON or YAML: \(String(describing: error).prefix(200))")
        }
    }

    private static func jsonProblem(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail
            }
            return context.debugDescription
        }
        return String(describing: error)
    }
}
