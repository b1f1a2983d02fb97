import CatalogTestSupport
import Foundation
import Testing

/// The seeds' published totals (see Tests/CatalogServiceTests/Support.swift for the sources):
/// name → (total, trainable, non-trainable).
let publishedSeeds: [String: (total: Int, trainable: Int, nonTrainable: Int)] = [
    "lenet5": (61_706, 61_706, 0),  // (5·5·1+1)·6 + (5·5·6+1)·16 + (5·5·16+1)·120 + 121·84 + 85·10
    "alexnet": (61_100_840, 61_100_840, 0),  // torchvision
    "vgg11": (132_863_336, 132_863_336, 0),  // torchvision
    "vgg16": (138_357_544, 138_357_544, 0),  // keras.applications.VGG16
    "vgg19": (143_667_240, 143_667_240, 0),  // keras.applications.VGG19
    "resnet18": (11_689_512, 11_689_512, 0),  // torchvision, running stats are buffers
    "resnet34": (21_797_672, 21_797_672, 0),  // torchvision
    "resnet50": (25_557_032, 25_557_032, 0),  // torchvision
    "keras_resnet50": (25_636_712, 25_583_592, 53_120),  // keras.applications.ResNet50
    "mobilenet_v1": (4_253_864, 4_231_976, 21_888),  // keras.applications.MobileNet
    "article_cnn": (4_783_841, 4_783_841, 0),  // Keras zoo_seed.expected.json
]

/// The seeds with at most 10,000,000 total parameters, from the table above.
let smallSeeds: Set<String> = ["lenet5", "article_cnn", "mobilenet_v1"]

/// The names in the first column of a rendered table (the rows below the rule).
func tableNames(_ output: String) -> [String] {
    let lines = output.split(separator: "\n").map(String.init)
    guard let rule = lines.firstIndex(where: { $0.hasPrefix("─") }) else { return [] }
    return lines[(rule + 1)...].compactMap { $0.split(separator: " ").first.map(String.init) }
}

@Suite("CLI: list")
struct ListCommandTests {
    @Test("list on a fresh database lists all 11 seeds")
    func listsEverySeed() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(Set(tableNames(result.stdout)) == Set(publishedSeeds.keys), "\(result)")
        #expect(tableNames(result.stdout).count == 11)
        // Grouped digits in the table: vgg16's row shows 138,357,544.
        let vgg16 = result.stdoutLines.first { $0.hasPrefix("vgg16 ") }
        #expect(vgg16?.contains("138,357,544") == true, "\(result)")
        #expect(FileManager.default.fileExists(atPath: cli.database))
    }

    @Test("list --max-params 1e7 prints exactly the seeds with at most 10,000,000 parameters")
    func maxParamsTable() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list", "--max-params", "1e7"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let names = tableNames(result.stdout)
        #expect(Set(names) == smallSeeds, "\(result)")
        #expect(names.count == 3)
    }

    @Test(
        "Count syntaxes for 10,000,000 give the same rows",
        arguments: ["1e7", "10M", "10m", "10_000_000", "1.0e7", "10000000", "10,000,000", "10000k", "1E7"])
    func countSyntax(_ count: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list", "--max-params", count, "--format", "json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["name"] as? String }) == smallSeeds, "\(count)")
        #expect(rows.count == 3)
    }

    @Test("The bound is inclusive: mobilenet_v1's exact 4,253,864 keeps it, one less drops it")
    func inclusiveBound() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let at = try cli.run(["list", "--max-params", "4253864"])
        #expect(Set(tableNames(at.stdout)) == ["lenet5", "mobilenet_v1"], "\(at)")
        let below = try cli.run(["list", "--max-params", "4_253_863"])
        #expect(tableNames(below.stdout) == ["lenet5"], "\(below)")
        let above = try cli.run(["list", "--min-params", "140M"])
        #expect(tableNames(above.stdout) == ["vgg19"], "\(above)")
    }

    @Test(
        "Invalid counts are usage errors (64) with nothing on stdout, before the database is touched",
        arguments: [
            ["--max-params", "abc"], ["--max-params=-5"], ["--max-params", "-5"], ["--max-params", "1.5"],
            ["--max-params", "1e400"], ["--max-params", ""], ["--min-params", "ten"], ["--limit", "-1"],
            ["--min-params", "2M", "--max-params", "1M"], ["--sort", "colour"], ["--format", "xml"],
        ])
    func invalidCounts(_ arguments: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list"] + arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: cli.database), "a usage error created the database")
    }

    @Test("list --format json: the contract keys with integer values")
    func jsonFormat() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(rows.count == 11)
        let integerKeys = ["total_params", "trainable_params", "non_trainable_params", "macs", "layer_count"]
        for key in integerKeys {
            // Every row's value is a plain integer literal in the text.
            #expect(integerMembers(key, in: result.stdout).count == 11, "\(key)")
            #expect(memberCount(key, in: result.stdout) == 11, "\(key)")
        }
        for row in rows {
            let name = try #require(row["name"] as? String)
            let expected = try #require(publishedSeeds[name], "unexpected \(name)")
            for key in integerKeys { #expect(row[key] is NSNumber, "\(name).\(key)") }
            #expect((row["total_params"] as? Int) == expected.total, "\(name)")
            #expect((row["trainable_params"] as? Int) == expected.trainable, "\(name)")
            #expect((row["non_trainable_params"] as? Int) == expected.nonTrainable, "\(name)")
            #expect(((row["macs"] as? Int) ?? 0) > 0, "\(name)")
            #expect(((row["layer_count"] as? Int) ?? 0) > 1, "\(name)")
        }
        // VGG-16 MACs: 15,470,264,320 (derivation in CatalogServiceTests/SeedTests.swift).
        #expect((rows.first { $0["name"] as? String == "vgg16" }?["macs"] as? Int) == 15_470_264_320)
    }

    @Test("list --format csv parses back to the same numbers as JSON")
    func csvFormat() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let csv = try cli.run(["list", "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stderr.isEmpty, "\(csv)")
        let table = parseCSV(csv.stdout)
        let header = try #require(table.first)
        for key in ["name", "total_params", "trainable_params", "non_trainable_params", "macs", "layer_count"] {
            #expect(header.contains(key), "CSV header lacks \(key): \(header)")
        }
        let records = table.dropFirst()
        #expect(records.count == 11)
        #expect(records.allSatisfy { $0.count == header.count }, "ragged CSV: \(table)")

        let rows = try cli.listJSON()
        for record in records {
            let fields = Dictionary(uniqueKeysWithValues: zip(header, record))
            let name = try #require(fields["name"])
            let json = try #require(rows.first { $0["name"] as? String == name })
            for key in ["total_params", "trainable_params", "non_trainable_params", "macs", "layer_count"] {
                let value = try #require(fields[key].flatMap { Int($0) }, "\(name).\(key) = \(fields[key] ?? "nil")")
                #expect(value == json[key] as? Int, "\(name).\(key)")
            }
            #expect(Int(fields["total_params"] ?? "") == publishedSeeds[name]?.total, "\(name)")
        }
    }

    @Test("--sort params --desc --limit 2 gives the two largest")
    func sortAndLimit() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let result = try cli.run(["list", "--sort", "params", "--desc", "--limit", "2"])
        #expect(result.status == 0, "\(result)")
        // vgg19 143,667,240 > vgg16 138,357,544 > vgg11 132,863,336.
        #expect(tableNames(result.stdout) == ["vgg19", "vgg16"], "\(result)")
    }

    @Test("An empty result is an empty table, [] or a CSV header, with exit 0")
    func emptyResults() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let table = try cli.run(["list", "--max-params", "10"])
        #expect(table.status == 0, "\(table)")
        #expect(tableNames(table.stdout).isEmpty, "\(table)")
        let json = try cli.run(["list", "--max-params", "10", "--format", "json"])
        #expect(json.status == 0)
        #expect((try JSONSerialization.jsonObject(with: json.stdoutData) as? [Any])?.isEmpty == true, "\(json)")
        let csv = try cli.run(["list", "--max-params", "10", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(parseCSV(csv.stdout).count == 1, "\(csv)")
    }

    @Test("The database is $CATALOG_DB without --db, else under $XDG_DATA_HOME")
    func databaseLocation() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let fromEnvironment = cli.path("env.sqlite")
        let first = try cli.run(["list"], withDatabase: false, environment: ["CATALOG_DB": fromEnvironment])
        #expect(first.status == 0, "\(first)")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))

        let xdg = cli.path("xdg")
        let second = try cli.run(["list"], withDatabase: false)
        #expect(second.status == 0, "\(second)")
        #expect(FileManager.default.fileExists(atPath: xdg + "/catalog/catalog.sqlite"))

        // --db wins over CATALOG_DB.
        let flag = cli.path("flag.sqlite")
        let third = try cli.run(["list", "--db", flag], withDatabase: false, environment: ["CATALOG_DB": cli.path("other.sqlite")])
        #expect(third.status == 0, "\(third)")
        #expect(FileManager.default.fileExists(atPath: flag))
        #expect(!FileManager.default.fileExists(atPath: cli.path("other.sqlite")))
    }
}
