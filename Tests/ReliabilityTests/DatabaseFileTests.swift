import Foundation
import Testing

/// Database files that cannot be used: a clear one-line message, exit status 1 (64 for an empty
/// `--db`), and the file never modified or replaced. A reader's side files (`-wal`, `-shm`) may
/// appear next to a refused WAL database, but never a WAL frame.
@Suite("Unusable database files")
struct DatabaseFileTests {
    /// Runs `catalog ARGUMENTS --db PATH` and checks the refusal.
    func expectRefusal(
        _ arguments: [String], database: String, message: String, status: Int32 = 1,
        asNobody: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = URL(fileURLWithPath: database)
        let before = try? Data(contentsOf: url)
        let result = try Reliability.run(arguments + ["--db", database], prefix: asNobody ? Self.nobody : [])
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result)", sourceLocation: sourceLocation)
        #expect((try? Data(contentsOf: url)) == before, "the file changed", sourceLocation: sourceLocation)
        let wal = (try? FileManager.default.attributesOfItem(atPath: database + "-wal"))?[.size] as? Int ?? 0
        #expect(wal == 0, "a WAL frame was written", sourceLocation: sourceLocation)
    }

    static let commands: [[String]] = [["list"], ["show", "lenet5"], ["add", "{good}"], ["remove", "lenet5"]]

    func commands(_ folder: URL) throws -> [[String]] {
        let good = folder.appendingPathComponent("good.json")
        try Reliability.smallArchitecture("good").write(to: good)
        return Self.commands.map { $0.map { $0 == "{good}" ? good.path : $0 } }
    }

    @Test("A corrupt database is refused and left unchanged")
    func corrupt() throws {
        let folder = try Reliability.temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Reliability.seededDatabase()
        // Page 1 is the file header then the b-tree page of sqlite_master: garble its header.
        bytes.replaceSubrange(100..<140, with: Data(repeating: 0xFF, count: 40))
        let path = folder.appendingPathComponent("corrupt.sqlite").path
        try bytes.write(to: URL(fileURLWithPath: path))
        for arguments in try commands(folder) {
            try expectRefusal(arguments, database: path, message: "the database at \(path) is corrupt (left unchanged)")
        }
    }

    @Test("A truncated database is refused and left unchanged")
    func truncated() throws {
        let folder = try Reliability.temporaryDirectory("truncated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Reliability.seededDatabase()
        let path = folder.appendingPathComponent("truncated.sqlite").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        try expectRefusal(["list"], database: path, message: "is corrupt (left unchanged)")
        try expectRefusal(["add", try commands(folder)[2][1]], database: path, message: "is corrupt (left unchanged)")
    }

    @Test("A damaged table page stops a write, which leaves the file unchanged")
    func damagedPage() throws {
        let folder = try Reliability.temporaryDirectory("damaged")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Reliability.seededDatabase()
        // Every page from the sixth on: the tables' and indexes' pages.
        bytes.replaceSubrange((4096 * 5)..<(4096 * 6), with: Data(repeating: 0xAB, count: 4096))
        let path = folder.appendingPathComponent("damaged.sqlite").path
        try bytes.write(to: URL(fileURLWithPath: path))
        try expectRefusal(["add", try commands(folder)[2][1]], database: path, message: "is corrupt (left unchanged)")
    }

    @Test("A text file and another program's database are not catalogs, and are left unchanged")
    func notACatalog() throws {
        let folder = try Reliability.temporaryDirectory("not-a-db")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.sqlite").path
        try Data(String(repeating: "my notes, not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        for arguments in try commands(folder) {
            try expectRefusal(arguments, database: text, message: "\(text) is not a catalog database (left unchanged)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["good.json", "notes.sqlite"])

        // A SQLite database of another program: a catalog with its tables renamed away.
        let other = folder.appendingPathComponent("other.sqlite").path
        try Reliability.seededDatabase().write(to: URL(fileURLWithPath: other))
        let store = try CatalogDatabaseProxy(path: other)
        try store.execute("DROP TABLE grdb_migrations")
        try store.close()
        try expectRefusal(["list"], database: other, message: "is not a catalog database (left unchanged)")
    }

    @Test("A database written by a newer catalog is refused and left unchanged")
    func newerSchema() throws {
        let folder = try Reliability.temporaryDirectory("newer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Reliability.copySeededDatabase(into: folder)
        let store = try CatalogDatabaseProxy(path: path)
        try store.execute("INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
        try store.close()
        for arguments in try commands(folder) {
            try expectRefusal(
                arguments, database: path,
                message: "the database at \(path) was written by a newer catalog (migration 9999_future); upgrade catalog")
        }
    }

    @Test("A directory, an uncreatable folder and an empty path are refused")
    func unusablePaths() throws {
        let folder = try Reliability.temporaryDirectory("paths")
        defer { try? FileManager.default.removeItem(at: folder) }
        try expectRefusal(["list"], database: folder.path, message: "cannot open the database at \(folder.path): it is a directory")
        let file = folder.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        try expectRefusal(
            ["list"], database: file.path + "/sub/catalog.sqlite",
            message: "cannot create the database at \(file.path)/sub/catalog.sqlite: '\(file.path)' is not a directory")
        try expectRefusal(["list"], database: "", message: "--db must not be empty", status: 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plain-file"])
    }

    @Test("A --db or $CATALOG_DB file in a missing folder is refused with 66; the default location's folders are created")
    func missingFolder() throws {
        let folder = try Reliability.temporaryDirectory("missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a/b/catalog.sqlite").path
        try expectRefusal(
            ["list"], database: path,
            message: "cannot create the database at \(path): the folder '\(folder.path)/a/b' does not exist; create it first, or check the path for a typo",
            status: 66)
        let fromEnvironment = try Reliability.run(
            ["list", "--format", "csv"], environment: ["CATALOG_DB": path])
        #expect(fromEnvironment.status == 66, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains("the folder '\(folder.path)/a/b' does not exist"), "\(fromEnvironment)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        // The default location ($XDG_DATA_HOME/catalog/catalog.sqlite) gets its folders.
        let xdg = folder.appendingPathComponent("x/y").path
        let result = try Reliability.run(["list", "--format", "csv"], environment: ["XDG_DATA_HOME": xdg])
        #expect(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: xdg + "/catalog/catalog.sqlite"))
    }

    // MARK: - Permissions (as an unprivileged user when the tests run as root)

    /// `setpriv` to the `nobody` user when running as root (root ignores file permissions).
    static let nobody: [String] = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []

    static var canDropPrivileges: Bool {
        guard getuid() == 0 else { return true }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), let binary = try? Reliability.binary() else { return false }
        // nobody must be able to run the binary where it was built.
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "--version"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// A folder `nobody` can enter, holding a copy of the seeded database.
    func permissionFolder(_ label: String) throws -> (URL, String) {
        let folder = try Reliability.temporaryDirectory(label)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let path = try Reliability.copySeededDatabase(into: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        return (folder, path)
    }

    @Test("A read-only database file is refused and left unchanged", .enabled(if: canDropPrivileges))
    func readOnlyFile() throws {
        let (folder, path) = try permissionFolder("read-only")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let good = try commands(folder)[2][1]
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: good)
        for arguments in try commands(folder) {
            try expectRefusal(
                arguments.map { $0.hasSuffix("good.json") ? good : $0 }, database: path,
                message: "the database at \(path) is read-only; check the permissions of the file and its directory",
                asNobody: true)
        }
    }

    @Test("A database in a read-only folder is refused and left unchanged", .enabled(if: canDropPrivileges))
    func readOnlyFolder() throws {
        let (folder, path) = try permissionFolder("read-only-folder")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        let good = try commands(folder)[2][1]
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        try expectRefusal(["list"], database: path, message: "is read-only", asNobody: true)
        try expectRefusal(["add", good], database: path, message: "is read-only", asNobody: true)
        try expectRefusal(
            ["list"], database: folder.appendingPathComponent("new.sqlite").path,
            message: "permission denied on directory '\(folder.path)'", asNobody: true)
    }
}
