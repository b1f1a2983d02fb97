import CatalogCore
import CatalogImport

/// Names and tags are plain text, and layer configurations finite numbers (see
/// ``nonFinite(in:)``): a control character (NUL, ESC, a newline, DEL, C1) in an
/// architecture name or a tag is refused with an error instead of being stored. A layer name
/// (written by the framework that made the file) may hold a tab or a newline, which every output
/// escapes or quotes, but not NUL.
///
/// NUL in particular cannot be stored faithfully: SQLite hands text to C code that stops at the
/// first NUL, so `"model\u{0}-v1"` would be saved and found as `model` (and `--replace` of
/// `"model\u{0}-v2"` would overwrite it). A description may hold newlines and tabs, not NUL.
enum TextValidation {
    /// The first problem of `architecture`'s texts, as an import error naming `file`.
    static func check(_ architecture: Architecture, file: String) -> ImportError? {
        if let problem = controlCharacter(in: architecture.name, what: "the name") {
            return ImportError(file: file, problem: problem)
        }
        for tag in architecture.tags {
            if let problem = controlCharacter(in: tag, what: "the tag") { return ImportError(file: file, problem: problem) }
            // An empty tag cannot be asked for (`list --tag ""` is refused).
            if tag.allSatisfy(\.isWhitespace) { return ImportError(file: file, problem: "a tag is empty") }
        }
        for text in [architecture.description, architecture.source].compactMap({ $0 }) where text.utf8.contains(0) {
            return ImportError(file: file, problem: "the description or source holds a NUL character (U+0000), which cannot be stored")
        }
        for (index, layer) in architecture.layers.enumerated() {
            if let (key, value) = nonFinite(in: layer.config) {
                return ImportError(file: file, layer: (index + 1, layer.name),
                                   problem: "'\(key)' = \(value) is not a finite number; a layer's configuration is stored as JSON, which has no infinity or NaN")
            }
            // Most names hold no control character at all: one pass over the bytes tells.
            if !hasControlCharacter(layer.name.utf8, allowingLineBreaksAndTabs: true) { continue }
            if layer.name.utf8.contains(0) {
                return ImportError(file: file, layer: (index + 1, layer.name),
                                   problem: "the layer name holds a NUL character (U+0000), which cannot be stored")
            }
            // ESC and the other controls would reach the terminal through the layer tables.
            let allowed: Set<Unicode.Scalar> = ["\t", "\n", "\r"]
            if layer.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }),
               let problem = controlCharacter(in: layer.name.filter { !["\t", "\n", "\r", "\r\n"].contains($0) }, what: "the layer name") {
                return ImportError(file: file, layer: (index + 1, layer.name), problem: problem)
            }
        }
        return nil
    }

    /// The first infinite or NaN number of `config` (a YAML `.inf`, `.nan`, or `1e400`), with
    /// the key holding it (`scale_factor`, `shape[1]`), or nil. JSON, the stored form, cannot
    /// hold one: `JSONEncoder` refuses it and the layer's config would be lost.
    static func nonFinite(in config: [String: ConfigValue]) -> (key: String, value: Double)? {
        func search(_ value: ConfigValue, _ path: String) -> (key: String, value: Double)? {
            switch value {
            case .double(let number): return number.isFinite ? nil : (path, number)
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if let found = search(item, "\(path)[\(index)]") { return found }
                }
                return nil
            case .object(let members):
                for (key, member) in members {
                    if let found = search(member, path + "." + key) { return found }
                }
                return nil
            default: return nil
            }
        }
        for (key, value) in config {
            if let found = search(value, key) { return found }
        }
        return nil
    }

    /// A message when `text` holds a control character (Unicode general category Cc).
    static func controlCharacter(in text: String, what: String) -> String? {
        guard hasControlCharacter(text.utf8, allowingLineBreaksAndTabs: false),
              let scalar = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) else {
            return nil
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return "\(what) '\(String(text.prefix(80)).escapingControlCharacters)' holds the control character \(code); names and tags must be plain text"
    }

    /// Whether `bytes` (UTF-8) hold a scalar of general category Cc: U+0000–U+001F, U+007F
    /// and U+0080–U+009F (the bytes C2 80 to C2 9F), tab, LF and CR aside when allowed.
    static func hasControlCharacter(_ bytes: String.UTF8View, allowingLineBreaksAndTabs: Bool) -> Bool {
        bytes.withContiguousStorageIfAvailable { scan($0, allowingLineBreaksAndTabs: allowingLineBreaksAndTabs) }
            ?? scan(bytes, allowingLineBreaksAndTabs: allowingLineBreaksAndTabs)
    }

    private static func scan<Bytes: Sequence<UInt8>>(_ bytes: Bytes, allowingLineBreaksAndTabs: Bool) -> Bool {
        var afterC2 = false
        for byte in bytes {
            if afterC2, byte < 0xA0 { return true }  // a continuation byte here is 80…BF
            afterC2 = byte == 0xC2
            if byte < 0x20 {
                if allowingLineBreaksAndTabs, byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
                return true
            }
            if byte == 0x7F { return true }
        }
        return false
    }
}
