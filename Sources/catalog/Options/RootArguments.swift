import ArgumentParser

/// The command line before ArgumentParser sees it: global options written before the subcommand
/// move after it, and a mistyped subcommand is a usage error with the close names.
enum RootArguments {
    /// The options every subcommand takes (``GlobalOptions``) that may also come first:
    /// `catalog --db x.sqlite report` is `catalog report --db x.sqlite`.
    static let globalOptions = ["--db"]

    /// `arguments` (without the program name) with leading global options moved after the
    /// subcommand.
    /// - Throws: `ValidationError` (exit 64) when the first word is no subcommand:
    ///   `unknown command 'shwo' (did you mean 'show'?)`.
    static func rearranged(_ arguments: [String]) throws -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if globalOptions.contains(word), index + 1 < arguments.count {
                leading += [word, arguments[index + 1]]
                index += 2
            } else if globalOptions.contains(where: { word.hasPrefix($0 + "=") }) {
                leading.append(word)
                index += 1
            } else {
                break
            }
        }
        guard index < arguments.count else { return leading.isEmpty ? arguments : leading }
        let first = arguments[index]
        // Root options (--help, --version, completion requests) go to ArgumentParser as written.
        if first.hasPrefix("-") { return leading.isEmpty ? arguments : Array(arguments[index...]) + leading }
        let names = subcommandNames
        guard names.contains(first) else {
            let close = closeNames(to: first, among: names)
            let hint = close.isEmpty
                ? "the commands are " + names.filter { $0 != "help" }.joined(separator: ", ")
                : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
            throw ValidationError("unknown command '\(first)' (\(hint))")
        }
        return [first] + leading + arguments[(index + 1)...]
    }

    /// The subcommands' names and `help`.
    static var subcommandNames: [String] {
        CatalogCommand.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// Names within two edits of `word` or starting with it, closest first.
    static func closeNames(to word: String, among names: [String]) -> [String] {
        let target = Array(word.lowercased())
        return names.compactMap { name -> (String, Int)? in
            let lowered = name.lowercased()
            if lowered.hasPrefix(String(target)) { return (name, 0) }
            let distance = editDistance(target, Array(lowered))
            return distance <= max(1, min(2, target.count / 2)) ? (name, distance) : nil
        }
        .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// Levenshtein distance, with a transposition of neighbours counted as one edit
    /// (`shwo` → `show`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
