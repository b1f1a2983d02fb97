import Testing

@testable import CatalogStore

@Suite("Default database path")
struct DefaultPathTests {
    @Test(arguments: [
        // CATALOG_DB wins over everything.
        (["CATALOG_DB": "/data/my.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/ada"], "/data/my.sqlite"),
        // Relative CATALOG_DB is kept as given (relative to the working directory).
        (["CATALOG_DB": "local.sqlite", "HOME": "/home/ada"], "local.sqlite"),
        // Empty CATALOG_DB is ignored.
        (["CATALOG_DB": "", "XDG_DATA_HOME": "/xdg", "HOME": "/home/ada"], "/xdg/catalog/catalog.sqlite"),
        (["XDG_DATA_HOME": "/xdg/", "HOME": "/home/ada"], "/xdg/catalog/catalog.sqlite"),
        // XDG requires an absolute path: empty or relative values are ignored.
        (["XDG_DATA_HOME": "", "HOME": "/home/ada"], "/home/ada/.local/share/catalog/catalog.sqlite"),
        (["XDG_DATA_HOME": "relative", "HOME": "/home/ada"], "/home/ada/.local/share/catalog/catalog.sqlite"),
        (["HOME": "/home/ada/"], "/home/ada/.local/share/catalog/catalog.sqlite"),
        (["HOME": "/"], "/.local/share/catalog/catalog.sqlite"),
    ])
    func resolution(environment: [String: String], expected: String) {
        #expect(CatalogDatabase.defaultPath(environment: environment) == expected)
    }

    @Test func withoutHomeFallsBackToTheUsersHomeDirectory() {
        let path = CatalogDatabase.defaultPath(environment: [:])
        #expect(path.hasSuffix("/.local/share/catalog/catalog.sqlite"))
        #expect(path.hasPrefix("/"))
    }
}
