import ArgumentParser
import CatalogService

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The catalog database file. Default: $CATALOG_DB, else $XDG_DATA_HOME/catalog/catalog.sqlite (XDG default ~/.local/share).",
            valueName: "path"),
        completion: .file(extensions: ["sqlite", "sqlite3", "db"]))
    var db: String?

    func validate() throws {
        // An empty path would make SQLite open a private temporary database.
        if let db, db.isEmpty { throw ValidationError("--db must not be empty") }
    }

    /// Opens the catalog (creating it with the seeds when new), or exits with the error.
    /// What the migrations and the recompute of outdated rows found is printed as warnings.
    func openCatalog() throws -> Catalog {
        let catalog = try orExit { () throws(ServiceError) in try Catalog(path: db) }
        for note in catalog.migrationNotes { printWarning(note) }
        for warning in catalog.recomputeWarnings { printWarning(warning) }
        return catalog
    }
}

/// Runs `body`, turning a ``ServiceError`` into `error: …` on stderr and its exit code.
func orExit<T>(_ body: () throws(ServiceError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(error.description)
        throw error.exitCode
    }
}
