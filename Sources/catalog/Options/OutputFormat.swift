import ArgumentParser

/// Output formats of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Output formats of single-object commands.
enum DetailFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
