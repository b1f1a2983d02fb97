import CatalogTestSupport
import Foundation
import Testing

/// The typed output contract: CSV headers are keys of the same command's JSON, and a key that is
/// present only when it applies (`uncounted_reason`, `flops`) is absent otherwise.
@Suite("Output contract: CSV columns and JSON keys from one definition")
struct OutputContractTests {
    func json(_ cli: CLI, _ arguments: [String]) throws -> Any {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData)
    }

    func csvHeader(_ cli: CLI, _ arguments: [String]) throws -> [String] {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdoutLines[0].split(separator: ",").map(String.init)
    }

    @Test("Every CSV column of list, list --flops, list --fits and show is a key of the same command's JSON")
    func csvColumnsAreJSONKeys() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for extra in [[], ["--flops"], ["--fits", "1TiB"]] {
            let header = try csvHeader(cli, ["list", "--format", "csv"] + extra)
            let rows = try #require(try json(cli, ["list", "--format", "json"] + extra) as? [[String: Any]])
            let keys = Set(try #require(rows.first).keys)
            #expect(Set(header).isSubset(of: keys), "\(extra): \(Set(header).subtracting(keys))")
            #expect(header.contains("flops") == (extra == ["--flops"]))
        }
        for extra in [[], ["--flops"]] {
            let header = try csvHeader(cli, ["show", "vgg16", "--format", "csv"] + extra)
            let object = try #require(try json(cli, ["show", "vgg16", "--format", "json"] + extra) as? [String: Any])
            let layers = try #require(object["layers"] as? [[String: Any]])
            let keys = Set(try #require(layers.first).keys)
            #expect(Set(header).isSubset(of: keys), "\(extra): \(Set(header).subtracting(keys))")
            #expect((object["flops"] != nil) == (extra == ["--flops"]))
        }
    }

    /// torch's `tied_weights.pt`: `lm_head.weight` shares the storage of `embed.weight`.
    @Test("show --format json: only the tied tensor carries uncounted_reason")
    func uncountedReasonOnlyWhereItApplies() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = CLI.packageRoot.appendingPathComponent("Tests/CatalogImportTests/Fixtures/weights/shared/tied_weights.pt")
        let added = try cli.run(["add", file.path])
        #expect(added.status == 0, "\(added.stderr)")
        let object = try #require(try json(cli, ["show", "tied_weights", "--format", "json"]) as? [String: Any])
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        let plainKeys: Set = ["name", "dtype", "shape", "elements", "bytes", "layer", "buffer"]
        #expect(tensors.count == 4)
        for tensor in tensors {
            let name = try #require(tensor["name"] as? String)
            if name == "lm_head.weight" {
                #expect(Set(tensor.keys) == plainKeys.union(["uncounted_reason"]))
                #expect((tensor["uncounted_reason"] as? String)?.contains("'embed.weight'") == true)
            } else {
                #expect(Set(tensor.keys) == plainKeys, "\(name)")
            }
        }
    }
}
