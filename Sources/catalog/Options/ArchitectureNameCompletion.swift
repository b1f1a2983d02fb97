import ArgumentParser
import CatalogService
import Foundation

extension CompletionKind {
    /// Architecture names read from the catalog (the `--db` on the command line, else the default
    /// database), for `show`, `compare`, `remove`, `export` and `explain`. The database is opened
    /// read-only and never created; any failure completes nothing.
    static var architectureNames: CompletionKind {
        .custom { words, index, prefix in
            // swift-argument-parser 1.8 takes the prefix from the last word, not the one being
            // completed (`show vg --db x` gave "x"): use the completed word itself.
            let word = words.indices.contains(index) ? words[index] : prefix
            return ArchitectureNameCompletion.names(words: words, prefix: word)
        }
    }
}

/// The completion behind ``CompletionKind/architectureNames``.
enum ArchitectureNameCompletion {
    /// The stored names starting with `prefix` (case-insensitively), sorted.
    static func names(words: [String], prefix: String) -> [String] {
        let names = Catalog.storedNames(inCatalogAt: databasePath(in: words))
        let lowered = prefix.lowercased()
        return names.filter { $0.lowercased().hasPrefix(lowered) }
    }

    /// The value of `--db PATH` or `--db=PATH` among the shell words, with a leading `~/` expanded.
    static func databasePath(in words: [String]) -> String? {
        var value: String?
        for (index, word) in words.enumerated() {
            if word == "--db", index + 1 < words.count {
                value = words[index + 1]
            } else if word.hasPrefix("--db=") {
                value = String(word.dropFirst("--db=".count))
            }
        }
        guard var path = value, !path.isEmpty else { return nil }
        if path.hasPrefix("~/") { path = FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst(1) }
        return path
    }
}
